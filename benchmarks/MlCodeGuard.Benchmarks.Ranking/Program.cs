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
            // generate [dir] [--habits | --team] [--seed N]: --habits draws the team's per-rule, per-folder habits; --team adds the
            // files the team works in (see HistoryGenerator).
            var team = args.Contains("--team");
            var habits = team || args.Contains("--habits");
            var path = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Shared.DefaultRepositoryPath(habits, team);
            // --seed N: another draw of the same policy (default 1), to see how much one history's figures vary.
            var seedAt = Array.IndexOf(args, "--seed");
            var seed = seedAt >= 0 && seedAt + 1 < args.Length ? int.Parse(args[seedAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 1;
            if (!Directory.Exists(Path.Combine(path, ".git")))
            {
                HistoryGenerator.Generate(path, seed: seed, habits: habits, team: team);
            }

            Console.WriteLine(path);
            return 0;
        }

        if (args.Length > 0 && args[0] == "quality")
        {
            // quality [dir] [--reuse]: --reuse skips mining and evaluates the labelled diagnostics the last run saved.
            var reuse = args.Contains("--reuse");
            var path = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Shared.RepositoryPath();
            var cachePath = Path.Combine(path, ".mlguard", "quality-labelled.json");
            List<MlCodeGuard.Ranking.Training.TrainingExample> examples;
            List<(string Rule, string Path)> labelled;
            if (reuse && File.Exists(cachePath))
            {
                var cached = System.Text.Json.JsonSerializer.Deserialize<QualityCache>(File.ReadAllText(cachePath))!;
                (examples, labelled) = (cached.Examples, [.. cached.Rules.Zip(cached.Paths)]);
                Console.WriteLine($"// reused the {examples.Count} labelled diagnostics mined by the last run ({cachePath})");
            }
            else
            {
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
                examples = [.. history.Examples()];
                labelled = [.. history.Diagnostics.Where(d => d.Outcome is MlCodeGuard.Ranking.Features.Outcome.Fixed or MlCodeGuard.Ranking.Features.Outcome.Suppressed or MlCodeGuard.Ranking.Features.Outcome.StillPresentAfterEdit or MlCodeGuard.Ranking.Features.Outcome.Ignored).Select(d => (d.RuleId, d.Path))];
                File.WriteAllText(cachePath, System.Text.Json.JsonSerializer.Serialize(new QualityCache(examples, [.. labelled.Select(l => l.Rule)], [.. labelled.Select(l => l.Path)])));
            }

            var truth = HistoryGenerator.TrueFixProbability(path);
            var latent = labelled.Select(d => truth(d.Rule, d.Path)).ToList();
            var unknown = latent.Count(p => p is null);
            Console.WriteLine($"// policy: {(File.Exists(HistoryGenerator.ActivityPath(path)) ? "team (habits per rule and folder, files the team works in)" : File.Exists(HistoryGenerator.PolicyPath(path)) ? "habits per rule and folder" : "independent draws")}; oracle: ranks by the generator's latent fix probability of each diagnostic ({unknown} of {labelled.Count} diagnostics of rules the generator does not plant get 0.5)");
            var oracle = latent.Select(p => p ?? 0.5).ToList();
            var evaluation = Stopwatch.StartNew();
            var report = RankerEvaluator.Evaluate(examples, [.. labelled.Select(d => d.Rule)], references: [("oracle (true fix probability)", oracle)]);
            RankingCommands.WriteReport(report, Console.Out);
            Console.WriteLine($"// evaluation took {evaluation.Elapsed.TotalSeconds:0.0} s; load average: {LoadAverage()}");
            return 0;
        }

        if (args.Length > 0 && args[0] == "profile-rank")
        {
            // Where ranking 10,000 results goes (Stopwatch, after a warm-up): the whole SARIF rank with the learned
            // model and with the prior (same feature extraction, no ML.NET), and the learned model's scoring alone.
            var data = Shared.Get();
            var sarif = SarifSample.Create(10_000, data.Repository);
            for (var round = 0; round < 6; round++)
            {
                var t0 = Stopwatch.StartNew();
                using (var input = new MemoryStream(sarif))
                using (var output = new MemoryStream())
                {
                    MlCodeGuard.Ranking.Sarif.SarifRanker.Rank(input, output, data.Ranker, data.Repository);
                }

                var learned = t0.Elapsed.TotalMilliseconds;
                t0.Restart();
                using (var input = new MemoryStream(sarif))
                using (var output = new MemoryStream())
                {
                    MlCodeGuard.Ranking.Sarif.SarifRanker.Rank(input, output, MlCodeGuard.Ranking.Model.PriorScorer.Instance, data.Repository);
                }

                var prior = t0.Elapsed.TotalMilliseconds;
                var rows = Enumerable.Range(0, 10_000).Select(i => new MlCodeGuard.Ranking.Features.DiagnosticFeatures { RuleId = "CS0219", MemberLines = i % 20 }).ToList();
                t0.Restart();
                data.Ranker.Score(rows);
                var score = t0.Elapsed.TotalMilliseconds;
                var files = Directory.EnumerateFiles(data.Repository, "*.cs", SearchOption.AllDirectories).ToList();
                t0.Restart();
                var trees = files.Select(f => MlCodeGuard.Ranking.Features.SyntaxLocation.Parse(File.ReadAllText(f), f).SyntaxTree).ToList();
                var parse = t0.Elapsed.TotalMilliseconds;
                t0.Restart();
                var random = new Random(0);
                for (var i = 0; i < 10_000; i++)
                {
                    var tree = trees[random.Next(trees.Count)];
                    var text = tree.GetText();
                    var line = Math.Min(text.Lines.Count - 1, 5 + random.Next(40));
                    MlCodeGuard.Ranking.Features.SyntaxLocation.Of(tree.GetRoot(), new Microsoft.CodeAnalysis.Text.TextSpan(text.Lines[line].Start, 5));
                }

                var locate = t0.Elapsed.TotalMilliseconds;
                Console.WriteLine($"round {round}: parse {files.Count} files {parse:0} ms, 10k locations {locate:0} ms");
                Console.WriteLine($"round {round}: rank learned {learned:0} ms, rank prior {prior:0} ms, learned scoring alone {score:0} ms; load {LoadAverage()}");
            }

            return 0;
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success))
            || (args.Length > 0 && summaries.Sum(s => s.Reports.Length) == 0);
        return failed ? 1 : 0;
    }
}

/// <summary>What `quality` saves so that `quality --reuse` can evaluate again without mining.</summary>
public sealed record QualityCache(List<MlCodeGuard.Ranking.Training.TrainingExample> Examples, List<string> Rules, List<string> Paths);
