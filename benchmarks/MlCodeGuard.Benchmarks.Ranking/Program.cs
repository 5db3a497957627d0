using System.Diagnostics;
using BenchmarkDotNet.Running;
using MlCodeGuard.Cli;
using MlCodeGuard.Ranking.Evaluation;
using MlCodeGuard.Ranking.Mining;

namespace MlCodeGuard.Benchmarks.Ranking;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's command line, or: `generate [dir]` writes the generated repository; `quality [dir]` mines it
    /// and prints the evaluation protocol's table (the learned ranker beside each baseline).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "generate")
        {
            var path = args.Length > 1 ? args[1] : Shared.RepositoryPath();
            if (!Directory.Exists(Path.Combine(path, ".git")))
            {
                HistoryGenerator.Generate(path);
            }

            Console.WriteLine(path);
            return 0;
        }

        if (args.Length > 0 && args[0] == "quality")
        {
            var path = args.Length > 1 ? args[1] : Shared.RepositoryPath();
            var watch = Stopwatch.StartNew();
            var history = HistoryMiner.MineAsync(path, new MiningOptions { LooseOnly = true }).GetAwaiter().GetResult();
            Console.WriteLine($"// mined {history.Commits.Count} commits, {history.Diagnostics.Count} diagnostics in {watch.Elapsed.TotalSeconds:0.0} s ({history.Commits.Count / watch.Elapsed.TotalSeconds:0.0} commits/s)");
            var labelled = history.Diagnostics.Where(d => d.Outcome is MlCodeGuard.Ranking.Features.Outcome.Fixed or MlCodeGuard.Ranking.Features.Outcome.Suppressed or MlCodeGuard.Ranking.Features.Outcome.StillPresentAfterEdit or MlCodeGuard.Ranking.Features.Outcome.Ignored).ToList();
            var report = RankerEvaluator.Evaluate(history.Examples(), [.. labelled.Select(d => d.RuleId)]);
            RankingCommands.WriteReport(report, Console.Out);
            return 0;
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success))
            || (args.Length > 0 && summaries.Sum(s => s.Reports.Length) == 0);
        return failed ? 1 : 0;
    }
}
