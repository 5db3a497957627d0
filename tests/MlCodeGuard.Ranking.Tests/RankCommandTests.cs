using System.Text.Json;
using MlCodeGuard.Cli;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;

namespace MlCodeGuard.Ranking.Tests;

/// <summary>`mlguard rank` and `analyze --rank` with the embedded prior (no trained model).</summary>
public class RankCommandTests
{
    /// <summary>A build log as `dotnet build -p:ErrorLog=build.sarif,version=2.1` writes it: several tools' rules.</summary>
    private const string BuildLog = """
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "version": "2.1.0",
          "runs": [{
            "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "rules": [
              { "id": "IDE0005", "properties": { "category": "Style" } },
              { "id": "CA2000", "properties": { "category": "Reliability" } },
              { "id": "MLG3001", "properties": { "category": "Schema" } }
            ] } },
            "results": [
              { "ruleId": "IDE0005", "ruleIndex": 0, "level": "note", "message": { "text": "Using directive is unnecessary." },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "src/App.cs" }, "region": { "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 14 } } }] },
              { "ruleId": "CA2000", "ruleIndex": 1, "level": "warning", "message": { "text": "Dispose objects before losing scope" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "src/App.cs" }, "region": { "startLine": 7, "startColumn": 17, "endLine": 7, "endColumn": 40 } } }] },
              { "ruleId": "MLG3001", "ruleIndex": 2, "level": "error", "message": { "text": "Column 'Fare' is produced by neither the input class nor an earlier step" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "src/App.cs" }, "region": { "startLine": 8, "startColumn": 13, "endLine": 8, "endColumn": 20 } } }] },
              { "ruleId": "CS0168", "level": "warning", "message": { "text": "The variable 'e' is declared but never used" } }
            ]
          }]
        }
        """;

    private const string AppSource = """
        using System.Text;
        namespace App;
        public static class Program
        {
            public static void Main()
            {
                var stream = new System.IO.MemoryStream();
                var x = 1;
            }
        }
        """;

    [Fact]
    public async Task Rank_writes_valid_sarif_with_ranks_and_fix_probabilities()
    {
        using var folder = new TempFolder();
        folder.Write("src/App.cs", AppSource);
        var input = folder.Write("build.sarif", BuildLog);
        var output = Path.Combine(folder.Path, "ranked.sarif");

        var run = await CliRun.RunAsync("rank", input, "-o", output);

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("ranked 4 results with the prior", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 source files read", run.Stderr, StringComparison.Ordinal);
        using var log = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("2.1.0", log.RootElement.GetProperty("version").GetString());
        var sarifRun = Assert.Single(log.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal(PriorScorer.Instance.Description, sarifRun.GetProperty("properties").GetProperty("mlguardRanker").GetString());
        var results = sarifRun.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        foreach (var result in results)
        {
            var rank = result.GetProperty("rank").GetDouble();
            Assert.InRange(rank, 0, 100);
            var probability = result.GetProperty("properties").GetProperty("fixProbability").GetDouble();
            Assert.InRange(probability, 0, 1);
            Assert.Equal(Math.Round(probability * 100, 1), rank, 1);
            // Everything else is kept.
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
        }

        // The input order is kept; the ranks order schema error > compiler warning > CA warning > style note.
        var byRule = results.ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("rank").GetDouble());
        Assert.True(byRule["MLG3001"] > byRule["CS0168"]);
        Assert.True(byRule["CS0168"] > byRule["CA2000"]);
        Assert.True(byRule["CA2000"] > byRule["IDE0005"]);
        Assert.Equal(["IDE0005", "CA2000", "MLG3001", "CS0168"], results.Select(r => r.GetProperty("ruleId").GetString()));
    }

    [Fact]
    public async Task Rank_to_stdout_and_bad_inputs()
    {
        using var folder = new TempFolder();
        var input = folder.Write("build.sarif", BuildLog);
        var run = await CliRun.RunAsync("rank", input);
        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        using (var log = JsonDocument.Parse(run.Stdout))
        {
            Assert.All(log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), r => Assert.True(r.TryGetProperty("rank", out _)));
        }

        var notSarif = folder.Write("x.sarif", "{ \"version\": \"2.1.0\" }");
        var bad = await CliRun.RunAsync("rank", notSarif);
        Assert.Equal(ExitCodes.UsageOrLoadError, bad.ExitCode);
        Assert.Equal("mlguard: error: 'x.sarif' is not a SARIF log: not a SARIF log (no 'runs' array)".Replace("'x.sarif'", $"'{notSarif}'"), bad.Stderr.Trim());

        var missing = await CliRun.RunAsync("rank", Path.Combine(folder.Path, "nope.sarif"));
        Assert.Equal(ExitCodes.UsageOrLoadError, missing.ExitCode);
        var usage = await CliRun.RunAsync("rank", input, "--project", "x");
        Assert.Equal(ExitCodes.UsageOrLoadError, usage.ExitCode);
        Assert.Contains("unknown option '--project' for rank", usage.Stderr, StringComparison.Ordinal);
        var noModel = await CliRun.RunAsync("rank", input, "--model", Path.Combine(folder.Path, "none.zip"));
        Assert.Equal(ExitCodes.UsageOrLoadError, noModel.ExitCode);
    }

    [Fact]
    public async Task Analyze_rank_orders_the_table_by_score()
    {
        using var folder = new TempFolder();
        foreach (var file in new[] { "ExperimentRunner.cs", "Program.cs", "TaxiTrip.cs", "FarePredictor.cs" })
        {
            File.Copy(Path.Combine(RepoFiles.RepoRoot, "samples", "TaxiFareTraining", file), Path.Combine(folder.Path, file));
        }

        var plain = await CliRun.RunAsync("analyze", folder.Path);
        var ranked = await CliRun.RunAsync("analyze", folder.Path, "--rank");

        Assert.Equal(ExitCodes.DiagnosticsFound, ranked.ExitCode);
        Assert.Contains("ordered by the prior", ranked.Stderr, StringComparison.Ordinal);
        var plainIds = TableIds(plain.Stdout);
        var rankedIds = TableIds(ranked.Stdout);
        Assert.Equal(["MLG1003", "MLG1001", "MLG1002"], plainIds);
        // Info (MLG1003) falls below the two warnings; the warnings keep report order.
        Assert.Equal(["MLG1001", "MLG1002", "MLG1003"], rankedIds);

        var sarif = await CliRun.RunAsync("analyze", folder.Path, "--rank", "--format", "sarif");
        using var log = JsonDocument.Parse(sarif.Stdout);
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["MLG1001", "MLG1002", "MLG1003"], results.Select(r => r.GetProperty("ruleId").GetString()));
        Assert.All(results, r => Assert.InRange(r.GetProperty("rank").GetDouble(), 0, 100));
    }

    [Fact]
    public void Rank_keeps_every_member_replaces_an_old_rank_and_merges_property_bags()
    {
        const string Log = """
            { "version": "2.1.0", "$schema": "x", "runs": [
              { "tool": { "driver": { "name": "csc" } }, "properties": { "team": "ml", "mlguardRanker": "old" },
                "results": [
                  { "ruleId": "CS0168", "rank": 3.5, "properties": { "owner": "ann", "fixProbability": 0.01 }, "message": { "text": "é \u0022q\u0022" } },
                  { "ruleId": "IDE0005", "level": "note", "message": { "text": "b" } }
                ] },
              { "tool": { "driver": { "name": "empty" } } }
            ], "inlineExternalProperties": [ { "guid": "g" } ] }
            """;
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Log));
        using var output = new MemoryStream();

        var summary = MlCodeGuard.Ranking.Sarif.SarifRanker.Rank(input, output, PriorScorer.Instance, null);

        Assert.Equal(2, summary.ResultCount);
        using var ranked = JsonDocument.Parse(output.ToArray());
        var root = ranked.RootElement;
        Assert.Equal(["version", "$schema", "runs", "inlineExternalProperties"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("g", root.GetProperty("inlineExternalProperties")[0].GetProperty("guid").GetString());
        var run = root.GetProperty("runs")[0];
        Assert.Equal("ml", run.GetProperty("properties").GetProperty("team").GetString());
        Assert.Equal(PriorScorer.Instance.Description, run.GetProperty("properties").GetProperty("mlguardRanker").GetString());
        var first = run.GetProperty("results")[0];
        // The old rank is replaced in place, our properties join the bag, the rest is untouched.
        Assert.Equal(["ruleId", "rank", "properties", "message"], first.EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(3.5, first.GetProperty("rank").GetDouble());
        Assert.Equal("ann", first.GetProperty("properties").GetProperty("owner").GetString());
        Assert.Equal(first.GetProperty("rank").GetDouble() / 100, first.GetProperty("properties").GetProperty("fixProbability").GetDouble(), 3);
        Assert.Equal("é \"q\"", first.GetProperty("message").GetProperty("text").GetString());
        var second = run.GetProperty("results")[1];
        Assert.Equal(["ruleId", "level", "message", "rank", "properties"], second.EnumerateObject().Select(p => p.Name));
        // A run without results is copied as it was.
        Assert.Equal(["tool"], root.GetProperty("runs")[1].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Prior_follows_family_and_severity()
    {
        DiagnosticFeatures F(string id, int severity, string path = "src/A.cs") => new() { RuleId = id, Severity = severity, HasFix = RuleFacts.HasFix(id), Path = path, IsTest = RuleFacts.IsTestPath(path), IsGenerated = RuleFacts.IsGeneratedPath(path) };
        var p = (DiagnosticFeatures f) => PriorScorer.Probability(f);
        Assert.True(p(F("MLG3001", 3)) > p(F("MLG2001", 2)));
        Assert.True(p(F("MLG2001", 2)) > p(F("MLG1001", 2)));
        Assert.True(p(F("MLG1001", 2)) > p(F("MLG1001", 1)));
        Assert.True(p(F("CA1000", 2)) > p(F("IDE0005", 2)));
        Assert.True(p(F("CA1000", 2)) > p(F("CA1000", 2, "tests/ATests.cs")));
        Assert.True(p(F("CA1000", 2)) > p(F("CA1000", 2, "obj/Debug/A.g.cs")));
    }

    private static List<string> TableIds(string text)
        => [.. text.Split('\n').Skip(2).TakeWhile(l => l.StartsWith("MLG", StringComparison.Ordinal)).Select(l => l[..7])];
}
