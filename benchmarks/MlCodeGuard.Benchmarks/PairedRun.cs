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
    /// <summary>
    /// `paired &lt;rounds&gt; &lt;base,config,...&gt; [serial]`: on the ML.NET codebase, each round runs every configuration once (the
    /// order rotating), and each configuration's ratio to the first is taken within the round; prints the median ratio
    /// and its interquartile range. Configurations as in <see cref="LoopRun.Select"/>. On this 2-core virtual machine the
    /// processor's speed drifts by ±20% over tens of seconds (a fixed Python loop measured 1.0–1.5 s within a minute), so
    /// ratios taken within a round of a few seconds are the only time figures that resolve 10%.
    /// </summary>
    public static int Run(int rounds, string[] configs, bool serial = false)
    {
        Workload workload = Workload.CreateMl();
        Console.WriteLine("// " + workload.Validate());
        var analyzers = configs.Select(LoopRun.Select).ToArray();
        foreach (var set in analyzers)
        {
            workload.Run(set, serial); // warm-up
        }

        var times = configs.Select(_ => new List<double>()).ToArray();
        var ratios = configs.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var wall = new double[configs.Length];
            for (var k = 0; k < configs.Length; k++)
            {
                var i = (k + round) % configs.Length;
                wall[i] = Time(() => workload.Run(analyzers[i], serial)).Wall;
            }

            for (var i = 0; i < configs.Length; i++)
            {
                times[i].Add(wall[i]);
                ratios[i].Add(wall[i] / wall[0]);
            }
        }

        for (var i = 0; i < configs.Length; i++)
        {
            var sorted = ratios[i].Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{configs[i],-12} median wall {Median(times[i])} s | ratio to {configs[0]}: median {Median(sorted)} (quartiles {sorted[sorted.Count / 4]:F3}–{sorted[(3 * sorted.Count) / 4]:F3}, min {sorted[0]:F3}, max {sorted[^1]:F3}, {rounds} rounds)"));
        }

        return 0;
    }

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
        => InterleavedRun.Median(values).ToString("F3", CultureInfo.InvariantCulture);
}
