using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using MlCodeGuard.Ranking.Mining;
using MlCodeGuard.Ranking.Model;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Benchmarks.Ranking;

/// <summary>The generated repository, its mined history and a ranker trained on it, made once per process.</summary>
public sealed class Shared
{
    private static readonly Lazy<Shared> s_instance = new(Create);

    private Shared(string repository, List<TrainingExample> examples, HistoryStatistics statistics, LearnedRanker ranker)
    {
        Repository = repository;
        Examples = examples;
        Statistics = statistics;
        Ranker = ranker;
    }

    public string Repository { get; }

    public List<TrainingExample> Examples { get; }

    public HistoryStatistics Statistics { get; }

    public LearnedRanker Ranker { get; }

    public static Shared Get() => s_instance.Value;

    /// <summary>Where a policy's generated repository lives: $MLGUARD_BENCH_REPO, else a fixed temp folder per policy.</summary>
    public static string DefaultRepositoryPath(bool habits = false, bool team = false)
        => Environment.GetEnvironmentVariable("MLGUARD_BENCH_REPO")
            ?? Path.Combine(Path.GetTempPath(), team ? "mlguard-ranker-bench-repo-team" : habits ? "mlguard-ranker-bench-repo-habits" : "mlguard-ranker-bench-repo");

    /// <summary>The generated repository's folder: $MLGUARD_BENCH_REPO, else a fixed temp folder (generated when missing).</summary>
    public static string RepositoryPath(bool habits = false)
    {
        var path = DefaultRepositoryPath(habits);
        if (!Directory.Exists(Path.Combine(path, ".git")))
        {
            var watch = Stopwatch.StartNew();
            HistoryGenerator.Generate(path, habits: habits);
            Console.WriteLine($"// generated {path} in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        return path;
    }

    public List<TrainingExample> Resampled(int count)
    {
        var examples = Examples;
        var random = new Random(0);
        var result = new List<TrainingExample>(count);
        for (var i = 0; i < count; i++)
        {
            var e = examples[random.Next(examples.Count)];
            // 50 diagnostics per snapshot, in time order of the copies.
            result.Add(e with { Group = i / 50, Commit = i });
        }

        return result;
    }

    /// <summary>Where `quality` leaves the mined examples and the trained ranker, so benchmarks need not mine again.</summary>
    public static string ExamplesPath(string repository) => Path.Combine(repository, ".mlguard", "examples.json");

    private static Shared Create()
    {
        var repository = RepositoryPath();
        var modelPath = Path.Combine(repository, LearnedRanker.DefaultRelativePath);
        if (!File.Exists(modelPath) || !File.Exists(ExamplesPath(repository)))
        {
            var history = HistoryMiner.MineAsync(repository, new MiningOptions { LooseOnly = true }).GetAwaiter().GetResult();
            RankerTrainer.Train(history.Examples(), history.Statistics).Save(modelPath);
            File.WriteAllText(ExamplesPath(repository), System.Text.Json.JsonSerializer.Serialize(history.Examples()));
        }

        var ranker = LearnedRanker.Load(modelPath);
        var examples = System.Text.Json.JsonSerializer.Deserialize<List<TrainingExample>>(File.ReadAllText(ExamplesPath(repository)))!;
        return new Shared(repository, examples, ranker.History, ranker);
    }
}

/// <summary>The git side of mining alone: the same first-parent walk, rename-aware diffs and blob reads.</summary>
public static class GitWalk
{
    public static int Run(string path)
    {
        using var repo = new Repository(path);
        var commits = repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = repo.Head.Tip, FirstParentOnly = true, SortBy = CommitSortStrategies.Topological }).Reverse().ToList();
        var options = new CompareOptions { Similarity = SimilarityOptions.Renames, ContextLines = 0, InterhunkLines = 0 };
        Tree? previous = null;
        var total = 0;
        foreach (var commit in commits)
        {
            using var patch = repo.Diff.Compare<Patch>(previous, commit.Tree, options);
            foreach (var entry in patch)
            {
                if (entry.Status != ChangeKind.Deleted)
                {
                    total += repo.Lookup<Blob>(entry.Oid).GetContentText().Length + entry.AddedLines.Count + entry.DeletedLines.Count;
                }
            }

            previous = commit.Tree;
        }

        return total;
    }
}

/// <summary>A SARIF log of n results over the generated repository's files, as a build would write it.</summary>
public static class SarifSample
{
    private static readonly string[] s_rules = ["CS0219", "CS0168", "CS0162", "CS1998", "CS8600", "MLG1001", "CA2000", "IDE0005"];

    public static byte[] Create(int count, string repository)
    {
        var files = Directory.EnumerateFiles(repository, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(repository, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var random = new Random(0);
        var text = new StringBuilder();
        text.Append("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"csc\"}},");
        text.Append("\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":\"").Append(new Uri(repository + Path.DirectorySeparatorChar).AbsoluteUri).Append("\"}},\"results\":[");
        for (var i = 0; i < count; i++)
        {
            var rule = s_rules[random.Next(s_rules.Length)];
            var level = random.Next(3) switch { 0 => "note", 1 => "warning", _ => "error" };
            var line = 5 + random.Next(40);
            text.Append(i == 0 ? string.Empty : ",");
            text.Append($"{{\"ruleId\":\"{rule}\",\"level\":\"{level}\",\"message\":{{\"text\":\"finding {i}\"}},\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":\"{files[random.Next(files.Count)]}\",\"uriBaseId\":\"%SRCROOT%\"}},\"region\":{{\"startLine\":{line},\"startColumn\":9,\"endLine\":{line},\"endColumn\":20}}}}}}]}}");
        }

        text.Append("]}]}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
