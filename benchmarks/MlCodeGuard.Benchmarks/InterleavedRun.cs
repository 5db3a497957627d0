using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// `-- interleaved &lt;rounds&gt; &lt;config,config,...&gt; [serial]`: the configurations run in turn, round after round, on the ML.NET
/// codebase; prints each one's minimum and median wall and CPU time. The minimum is the least disturbed by other processes.
/// Configurations: none (compile only), sdk (baseline), all (every MlCodeGuard analyzer), or analyzer type names joined by '+'.
/// </summary>
public static class InterleavedRun
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        string[] configs = (args.Length > 2 ? args[2] : "sdk,all").Split(',');
        bool serial = args.Length > 3 && args[3] == "serial";
        Workload workload = Workload.CreateMl();
        Console.WriteLine("// " + workload.Validate());
        var results = configs.ToDictionary(c => c, _ => new List<(double Wall, double Cpu)>());
        var allocated = configs.ToDictionary(c => c, _ => long.MaxValue);
        for (var round = -1; round < rounds; round++)
        {
            foreach (string config in round % 2 == 0 ? configs : configs.Reverse())
            {
                ImmutableArray<DiagnosticAnalyzer> analyzers = LoopRun.Select(config);
                long bytes = 0;
                var time = PairedRun.Time(() =>
                {
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    workload.Run(analyzers, serial);
                    bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
                });
                allocated[config] = Math.Min(allocated[config], bytes);
                if (round >= 0)
                {
                    results[config].Add(time);
                }
            }
        }

        double baseCpu = results[configs[0]].Min(r => r.Cpu);
        double baseWall = results[configs[0]].Min(r => r.Wall);
        foreach (string config in configs)
        {
            var r = results[config];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{config,-40} wall min {r.Min(x => x.Wall):F3} s (x{r.Min(x => x.Wall) / baseWall:F2}) median {Median(r.Select(x => x.Wall)):F3} | CPU min {r.Min(x => x.Cpu):F3} s (x{r.Min(x => x.Cpu) / baseCpu:F2}) median {Median(r.Select(x => x.Cpu)):F3} | allocated {allocated[config] / 1e6:F1} MB (x{(double)allocated[config] / allocated[configs[0]]:F3})"));
        }
        return 0;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
