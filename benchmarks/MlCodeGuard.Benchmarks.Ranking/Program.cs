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
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

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
            Console.WriteLine($"// load average before: {LoadAverage()}");
            var walk = Stopwatch.StartNew();
            GitWalk.Run(path);
            walk.Stop();
            var watch = Stopwatch.StartNew();
            var history = HistoryMiner.MineAsync(path, new MiningOptions { LooseOnly = true }).GetAwaiter().GetResult();
            watch.Stop();
            Console.WriteLine($"// git walk only (baseline): {walk.Elapsed.TotalSeconds:0.0} s; mining: {history.Commits.Count} commits, {history.Diagnostics.Count} diagnostics in {watch.Elapsed.TotalSeconds:0.0} s ({history.Commits.Count / watch.Elapsed.TotalSeconds:0.0} commits/s, ratio {watch.Elapsed / walk.Elapsed:0.0}x); load average after: {LoadAverage()}");
            var train = Stopwatch.StartNew();
            var ranker = MlCodeGuard.Ranking.Training.RankerTrainer.Train(history.Examples(), history.Statistics, line => Console.WriteLine("// " + line));
            Console.WriteLine($"// trained on {history.Examples().Count} examples in {train.Elapsed.TotalSeconds:0.0} s");
            ranker.Save(Path.Combine(path, MlCodeGuard.Ranking.Model.LearnedRanker.DefaultRelativePath));
            File.WriteAllText(Shared.ExamplesPath(path), System.Text.Json.JsonSerializer.Serialize(history.Examples()));
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
