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
            workload.CompileOnly(); // warm-up of both paths beyond Validate
            workload.CompileWithAnalyzers();
            var ratios = new List<double>();
            var baseline = new List<double>();
            var analyzed = new List<double>();
            for (var i = 0; i < pairs; i++)
            {
                // Alternate the order so neither side always runs right after a GC of the other.
                bool baselineFirst = i % 2 == 0;
                double a = 0, b = 0;
                if (baselineFirst) { a = Time(() => workload.CompileOnly()); b = Time(() => workload.CompileWithAnalyzers()); }
                else { b = Time(() => workload.CompileWithAnalyzers()); a = Time(() => workload.CompileOnly()); }
                baseline.Add(a);
                analyzed.Add(b);
                ratios.Add(b / a);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: pairs {pairs}, CompileOnly median {Median(baseline):F3} s, CompileWithAnalyzers median {Median(analyzed):F3} s, "
                + $"ratio median {Median(ratios):F3} (min {ratios.Min():F3}, max {ratios.Max():F3})"));
        }
        return 0;
    }

    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
