using System.Text.Json;
using MlCodeGuard.Cli;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;

namespace MlCodeGuard.Ranking.Tests;

/// <summary>`mlguard learn`, `evaluate-ranker` and `rank` with a learned model, on scripted repositories.</summary>
public class LearnCommandTests
{
    /// <summary>A team that always fixes CS0219 and always suppresses CS0168, over twelve files.</summary>
    private static ScriptedRepository ConsistentTeam()
    {
        var repo = new ScriptedRepository();
        for (var i = 0; i < 12; i++)
        {
            var type = "T" + i;
            repo.CommitAs(i % 2 == 0 ? "ann" : "bob", $"add {type}", ($"src/{type}.cs", Code.TwoWarnings(type)));
            repo.CommitAs(i % 3 == 0 ? "ann" : "cyd", $"clean up {type}", ($"src/{type}.cs", Code.UnusedFixed(type, declaredSuppressed: true)));
        }

        return repo;
    }

    [Fact]
    public async Task Learned_ranker_puts_the_consistently_fixed_rule_above_the_consistently_suppressed_one()
    {
        using var repo = ConsistentTeam();
        var globalConfig = Path.Combine(repo.Path, "ranking.globalconfig");

        var run = await CliRun.RunAsync("learn", repo.Path, "--window", "10", "--globalconfig", globalConfig);

        Assert.True(run.ExitCode == ExitCodes.Clean, run.Stdout + run.Stderr);
        Assert.Contains("Mined 24 commits (24 changed C# or analyzer config)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("loose mode: 24 diagnostics followed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Outcomes: fixed 12, suppressed 12, still present after edit 0, untouched 0, excluded 0.", run.Stdout, StringComparison.Ordinal);
        // Redirected output gets plain progress lines, never carriage returns.
        Assert.Contains("mlguard: mined 24/24 commits", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', run.Stderr);

        var modelPath = Path.Combine(repo.Path, ".mlguard", "ranker.zip");
        Assert.True(File.Exists(modelPath));
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, ".mlguard", "ranker.json"))))
        {
            Assert.Equal(24, manifest.RootElement.GetProperty("ExampleCount").GetInt32());
            Assert.Equal(12, manifest.RootElement.GetProperty("FixedCount").GetInt32());
            Assert.Equal(DiagnosticFeatures.Names.Count, manifest.RootElement.GetProperty("FeatureNames").GetArrayLength());
        }

        var ranker = LearnedRanker.Load(modelPath);
        DiagnosticFeatures New(string rule) => new()
        {
            RuleId = rule, Category = "Compiler", Severity = 2, Path = "src/New.cs", MemberKind = MemberKinds.Method, MemberLines = 4, Nesting = 1,
            Rates = ranker.History.RatesFor(rule, "src/New.cs"),
        };
        var scores = ranker.Score([New("CS0219"), New("CS0168")]);
        Assert.True(scores[0].Score > scores[1].Score, $"CS0219 {scores[0]} vs CS0168 {scores[1]}");
        Assert.True(scores[0].FixProbability > scores[1].FixProbability);
        Assert.True(scores[0].Rank > scores[1].Rank);
        // The reused prediction engines and row buffers carry nothing from one diagnostic or call to the next.
        Assert.Equal(scores[1], ranker.Score([New("CS0168")])[0]);
        Assert.Equal([scores[0], scores[1], scores[0]], ranker.Score([New("CS0219"), New("CS0168"), New("CS0219")]));

        // rank picks the model up from .mlguard above the SARIF file.
        var sarif = Path.Combine(repo.Path, "build.sarif");
        File.WriteAllText(sarif, """
            { "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "csc" } }, "results": [
              { "ruleId": "CS0168", "level": "warning", "message": { "text": "declared" } },
              { "ruleId": "CS0219", "level": "warning", "message": { "text": "assigned" } } ] } ] }
            """);
        var ranked = await CliRun.RunAsync("rank", sarif);
        Assert.Equal(ExitCodes.Clean, ranked.ExitCode);
        Assert.Contains("with the learned", ranked.Stderr, StringComparison.Ordinal);
        using var log = JsonDocument.Parse(ranked.Stdout);
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.True(results[1].GetProperty("rank").GetDouble() > results[0].GetProperty("rank").GetDouble());

        var config = File.ReadAllText(globalConfig);
        Assert.Contains("is_global = true", config, StringComparison.Ordinal);
        Assert.Contains("dotnet_diagnostic.CS0219.severity = warning", config, StringComparison.Ordinal);
        Assert.Contains("dotnet_diagnostic.CS0168.severity = suggestion", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ranker_prints_the_learned_ranker_beside_every_baseline()
    {
        using var repo = ConsistentTeam();

        var run = await CliRun.RunAsync("evaluate-ranker", repo.Path, "--window", "10", "--folds", "3");

        Assert.True(run.ExitCode == ExitCodes.Clean, run.Stdout + run.Stderr);
        Assert.Contains("3 folds, 18 diagnostics tested once each, base rate (share fixed) 0.500", run.Stdout, StringComparison.Ordinal);
        foreach (var method in new[] { "learned ranker", "learned fix probability", "random", "severity", "Kim & Ernst category weights", "per-rule past fix rate", "newest first" })
        {
            Assert.Contains("\n" + method + " ", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Not_a_repository_a_shallow_clone_and_an_unloadable_project_exit_2_with_one_line()
    {
        using var folder = new TempFolder();
        var notRepo = await CliRun.RunAsync("learn", folder.Path);
        Assert.Equal(ExitCodes.UsageOrLoadError, notRepo.ExitCode);
        Assert.Equal($"mlguard: error: '{folder.Path}' is not a git repository (give the folder that holds .git)", notRepo.Stderr.Trim());

        using var repo = new ScriptedRepository();
        repo.Commit("c0", ("A.cs", Code.OneUnused("A")));
        var missing = await CliRun.RunAsync("learn", repo.Path, "--project", "App.csproj");
        Assert.Equal(ExitCodes.UsageOrLoadError, missing.ExitCode);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
        Assert.Contains("App.csproj' does not exist", missing.Stderr, StringComparison.Ordinal);

        var broken = await CliRun.RunAsync("evaluate-ranker", repo.Path, "--since", "yesterday-ish");
        Assert.Equal(ExitCodes.UsageOrLoadError, broken.ExitCode);
        Assert.Contains("--since 'yesterday-ish' is not a date", broken.Stderr, StringComparison.Ordinal);

        // libgit2 knows a shallow clone by .git/shallow, listing the grafted commits.
        using (var git = new LibGit2Sharp.Repository(repo.Path))
        {
            File.WriteAllText(Path.Combine(repo.Path, ".git", "shallow"), git.Head.Tip.Sha + "\n");
        }

        var shallow = await CliRun.RunAsync("learn", repo.Path);
        Assert.Equal(ExitCodes.UsageOrLoadError, shallow.ExitCode);
        Assert.Contains("is a shallow clone", shallow.Stderr, StringComparison.Ordinal);
        Assert.Single(shallow.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Too_little_history_keeps_the_prior()
    {
        using var repo = new ScriptedRepository();
        repo.Commit("c0", ("A.cs", Code.TwoWarnings("A")));
        repo.Commit("c1", ("A.cs", Code.UnusedFixed("A")));

        var run = await CliRun.RunAsync("learn", repo.Path, "--window", "1");

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("No usable history (only 2 labelled diagnostics in the history (at least 10 are needed))", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Path, ".mlguard", "ranker.zip")));

        // Its window labelled them all: no hint to shorten it.
        Assert.DoesNotContain("outcome window when the history", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_shorter_than_the_window_says_which_window_would_label_it()
    {
        // Eight commits, each adding a file with two warnings nobody touches: with the default 100-commit window every
        // diagnostic is still waiting for its outcome when the history ends.
        using var repo = new ScriptedRepository();
        for (var i = 0; i < 8; i++)
        {
            repo.Commit($"c{i}", ($"F{i}.cs", Code.TwoWarnings($"F{i}")));
        }

        var run = await CliRun.RunAsync("learn", repo.Path);

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("No usable history (only 0 labelled diagnostics", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            "16 of the 16 diagnostics were still inside their 100-commit outcome window when the history (8 commits) ended: a shorter window labels them, e.g. --window 2",
            run.Stdout,
            StringComparison.Ordinal);

        // The window it suggests does label them.
        var shorter = await CliRun.RunAsync("learn", repo.Path, "--window", "2");
        Assert.Contains("untouched 12", shorter.Stdout, StringComparison.Ordinal);
    }
}
