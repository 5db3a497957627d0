using System.Diagnostics;
using System.Globalization;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// `-- paired [pairs]`: a contention-tolerant cross-check of the BenchmarkDotNet ratios. It alternates the baseline and
/// the analyzer run in one process and reports the median of the per-pair ratios, so load that drifts over minutes
/// (other builds on a shared machine) hits both sides of each pair alike. Not a replacement for the BDN table.
/// </summary>
public static class PairedRun
{
    public static int Run(int pairs)
    {
        foreach (var (name, workload) in new[] { ("WithMlNet", Workload.CreateMl()), ("WithoutMlNet", Workload.CreatePlain()) })
        {
            Console.WriteLine("// " + workload.Validate());
            workload.CompileWithSdkAnalyzers(); // warm-up of both paths beyond Validate
            workload.CompileWithAnalyzers();
            var wallRatios = new List<double>();
            var cpuRatios = new List<double>();
            var baseline = new List<(double Wall, double Cpu)>();
            var analyzed = new List<(double Wall, double Cpu)>();
            for (var i = 0; i < pairs; i++)
            {
                // Alternate the order so neither side always runs right after a GC of the other.
                (double Wall, double Cpu) a, b;
                if (i % 2 == 0) { a = Time(() => workload.CompileWithSdkAnalyzers()); b = Time(() => workload.CompileWithAnalyzers()); }
                else { b = Time(() => workload.CompileWithAnalyzers()); a = Time(() => workload.CompileWithSdkAnalyzers()); }
                baseline.Add(a);
                analyzed.Add(b);
                wallRatios.Add(b.Wall / a.Wall);
                cpuRatios.Add(b.Cpu / a.Cpu);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: pairs {pairs}; CompileWithSdkAnalyzers median wall {Median(baseline.Select(t => t.Wall))} s, CPU {Median(baseline.Select(t => t.Cpu))} s; "
                + $"CompileWithAnalyzers median wall {Median(analyzed.Select(t => t.Wall))} s, CPU {Median(analyzed.Select(t => t.Cpu))} s; "
                + $"ratio median wall {Median(wallRatios)} (min {wallRatios.Min():F3}, max {wallRatios.Max():F3}), "
                + $"CPU {Median(cpuRatios)} (min {cpuRatios.Min():F3}, max {cpuRatios.Max():F3})"));
        }
        return 0;
    }

    // Wall time and this process's CPU time (user + kernel, all threads): CPU time is what other processes on a shared
    // machine disturb least, as long as this process is the only one doing the measured work.
    internal static (double Wall, double Cpu) Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        double median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return median.ToString("F3", CultureInfo.InvariantCulture);
    }
}
