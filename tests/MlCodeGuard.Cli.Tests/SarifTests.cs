using System.Text.Json;
using MlCodeGuard.Analyzers.Diagnostics;

namespace MlCodeGuard.Cli.Tests;

/// <summary>The SARIF log, checked against what SARIF 2.1.0 and GitHub code scanning require.</summary>
public class SarifTests
{
    private static readonly string[] s_levels = ["none", "note", "warning", "error"];

    [Fact]
    public async Task Sarif_has_the_required_structure()
    {
        using var folder = new TempFolder();
        folder.Write("src/Train.cs", Samples.UnseededTraining);

        var run = await CliRun.RunAsync("analyze", folder.Path, "--format", "sarif");

        Assert.Equal(ExitCodes.DiagnosticsFound, run.ExitCode);
        using var log = JsonDocument.Parse(run.Stdout);
        var root = log.RootElement;
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var sarifRun = Assert.Single(root.GetProperty("runs").EnumerateArray());

        var driver = sarifRun.GetProperty("tool").GetProperty("driver");
        Assert.Equal("MlCodeGuard", driver.GetProperty("name").GetString());
        Assert.StartsWith("https://", driver.GetProperty("informationUri").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", driver.GetProperty("semanticVersion").GetString());

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.All(Descriptors.All, d => Assert.Contains(rules, r => r.GetProperty("id").GetString() == d.Id));
        foreach (var rule in rules)
        {
            var id = rule.GetProperty("id").GetString()!;
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()));
            Assert.Equal(Descriptors.HelpLink(id), rule.GetProperty("helpUri").GetString());
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), s_levels);
        }

        Assert.Equal("UnseededMLContext", rules.Single(r => r.GetProperty("id").GetString() == DiagnosticIds.UnseededMLContext).GetProperty("name").GetString());

        var srcRoot = sarifRun.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
        Assert.StartsWith("file:///", srcRoot, StringComparison.Ordinal);
        Assert.EndsWith("/", srcRoot, StringComparison.Ordinal);
        Assert.True(Assert.Single(sarifRun.GetProperty("invocations").EnumerateArray()).GetProperty("executionSuccessful").GetBoolean());

        var results = sarifRun.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([DiagnosticIds.UnseededMLContext, DiagnosticIds.UnseededSplitOrShuffle], results.Select(r => r.GetProperty("ruleId").GetString()));
        foreach (var result in results)
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.InRange(index, 0, rules.Count - 1);
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "note", "warning", "error" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));

            var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal("src/Train.cs", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            var region = physical.GetProperty("region");
            var startLine = region.GetProperty("startLine").GetInt32();
            var startColumn = region.GetProperty("startColumn").GetInt32();
            var endLine = region.GetProperty("endLine").GetInt32();
            var endColumn = region.GetProperty("endColumn").GetInt32();
            Assert.True(startLine >= 1 && startColumn >= 1, "regions are 1-based");
            Assert.True(endLine > startLine || (endLine == startLine && endColumn > startColumn), "a region is not empty");

            Assert.Matches("^[0-9a-f]{16}:[1-9][0-9]*$", result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString());
        }

        // Lines are those of the source: 'new MLContext()' is on line 7 of the sample.
        var first = results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(7, first.GetProperty("startLine").GetInt32());
        Assert.Equal(25, first.GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public async Task Fingerprints_survive_a_blank_line_inserted_above_the_finding()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Train.cs", Samples.UnseededTraining);
        var before = await FingerprintsAndLinesAsync(folder.Path);

        File.WriteAllText(file, "\n" + Samples.UnseededTraining);
        var after = await FingerprintsAndLinesAsync(folder.Path);

        Assert.Equal(2, before.Count);
        Assert.Equal(before.Select(b => b.Fingerprint), after.Select(a => a.Fingerprint));
        Assert.Equal(before.Select(b => b.Line + 1), after.Select(a => a.Line));
    }

    [Fact]
    public async Task Equal_lines_in_one_file_get_distinct_occurrence_indexes()
    {
        using var folder = new TempFolder();
        var second = Samples.UnseededTraining
            .Replace("using Microsoft.ML;", string.Empty, StringComparison.Ordinal)
            .Replace("class Trainer", "class OtherTrainer", StringComparison.Ordinal);
        folder.Write("Both.cs", Samples.UnseededTraining + "\n" + second);

        var found = await FingerprintsAndLinesAsync(folder.Path);

        Assert.Equal(4, found.Count);
        Assert.Equal(4, found.Select(f => f.Fingerprint).Distinct().Count());
        // The two 'var mlContext = new MLContext();' lines hash alike and differ by occurrence only.
        var creations = found.Where(f => f.Fingerprint.EndsWith(":2", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, creations.Count);
        Assert.All(creations, c => Assert.Contains(found, f => f.Fingerprint == c.Fingerprint[..^2] + ":1"));
    }

    private static async Task<List<(string Fingerprint, int Line)>> FingerprintsAndLinesAsync(string folder)
    {
        var run = await CliRun.RunAsync("analyze", folder, "--format", "sarif");
        using var log = JsonDocument.Parse(run.Stdout);
        return log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (
                r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!,
                r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToList();
    }
}
