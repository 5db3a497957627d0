using System.Text.Json;
using MlCodeGuard.Analyzers.Diagnostics;

namespace MlCodeGuard.Cli.Tests;

/// <summary>Tests that restore and load real projects with MSBuild: slow, so few, and never in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MSBuildCollection
{
    public const string Name = "MSBuild";
}

[Collection(MSBuildCollection.Name)]
public class MSBuildTests
{
    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.ML" Version="5.0.1" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public async Task A_restored_project_is_analyzed_with_its_editorconfig_and_through_a_solution()
    {
        using var folder = new TempFolder();
        var project = folder.Write("App/App.csproj", ProjectFile);
        folder.Write("App/Training.cs", Samples.UnseededTraining);
        folder.Write("App/Scoring.cs", Samples.InferenceOnly);
        Dotnet.Run(folder.Path, "restore", project);

        var run = await CliRun.RunAsync("analyze", project, "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.DiagnosticsFound, run.Stderr);
        Assert.Equal([DiagnosticIds.UnseededMLContext, DiagnosticIds.UnseededSplitOrShuffle], Ids(run.Stdout, out var summary));
        Assert.Equal(1, summary.GetProperty("projects").GetInt32());
        Assert.Equal(2, summary.GetProperty("files").GetInt32());
        Assert.Equal(0, summary.GetProperty("compileErrors").GetInt32());

        // The project's .editorconfig decides severities, as in a build.
        folder.Write("App/.editorconfig", "[*.cs]\ndotnet_diagnostic.MLG1001.severity = none\n");
        folder.Write("App.slnx", "<Solution>\n  <Project Path=\"App/App.csproj\" />\n</Solution>\n");

        var viaSolution = await CliRun.RunAsync("analyze", folder.Path, "--format", "json");

        Assert.True(viaSolution.ExitCode == ExitCodes.DiagnosticsFound, viaSolution.Stderr);
        Assert.Equal([DiagnosticIds.UnseededSplitOrShuffle], Ids(viaSolution.Stdout, out _));
    }

    [Fact]
    public async Task An_unrestored_project_with_no_restore_exits_2_and_says_to_restore()
    {
        using var folder = new TempFolder();
        var project = folder.Write("App/App.csproj", ProjectFile);
        folder.Write("App/Training.cs", Samples.UnseededTraining);
        var output = Path.Combine(folder.Path, "report.sarif");

        var run = await CliRun.RunAsync("analyze", project, "--no-restore", "-f", "sarif", "-o", output);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.Contains("run dotnet restore first", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_broken_project_file_exits_2()
    {
        using var folder = new TempFolder();
        var project = folder.Write("Broken.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");

        var run = await CliRun.RunAsync("analyze", project);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.StartsWith("mlguard: error: ", run.StderrLines[^1], StringComparison.Ordinal);
        Assert.All(run.StderrLines, l => Assert.StartsWith("mlguard: ", l, StringComparison.Ordinal));
    }

    /// <summary>
    /// The sample marks each seeded defect with a trailing "// MLGxxxx" comment: every marker gets its diagnostic, on
    /// that line, and nothing else is reported (the inference-only FarePredictor stays clean).
    /// </summary>
    [Fact]
    public async Task The_TaxiFareTraining_sample_reports_exactly_its_marked_defects()
    {
        var sample = Path.Combine(Samples.RepoRoot, "samples", "TaxiFareTraining");

        var run = await CliRun.RunAsync("analyze", sample, "--format", "json", "--severity-threshold", "info");

        Assert.True(run.ExitCode == ExitCodes.DiagnosticsFound, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var actual = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()} {d.GetProperty("id").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToList();

        var expected = Directory.EnumerateFiles(sample, "*.cs")
            .SelectMany(file => File.ReadAllLines(file).Select((text, index) => (File: Path.GetFileName(file), Line: index + 1, Text: text)))
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Text, @"// (MLG\d{4})").Select(m => $"{l.File}:{l.Line} {m.Groups[1].Value}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            [
                "ExperimentRunner.cs:19 MLG1003", "FeatureExperiments.cs:100 MLG4005", "FeatureExperiments.cs:100 MLG4006",
                "FeatureExperiments.cs:102 MLG3011", "FeatureExperiments.cs:114 MLG3012", "FeatureExperiments.cs:117 MLG4005",
                "FeatureExperiments.cs:117 MLG4006", "FeatureExperiments.cs:127 MLG4005", "FeatureExperiments.cs:127 MLG4006",
                "FeatureExperiments.cs:129 MLG2001", "FeatureExperiments.cs:43 MLG3001", "FeatureExperiments.cs:44 MLG4005",
                "FeatureExperiments.cs:44 MLG4006", "FeatureExperiments.cs:53 MLG3005", "FeatureExperiments.cs:54 MLG4005",
                "FeatureExperiments.cs:64 MLG3004", "FeatureExperiments.cs:64 MLG4005", "FeatureExperiments.cs:64 MLG4006",
                "FeatureExperiments.cs:75 MLG4005", "FeatureExperiments.cs:75 MLG4006", "FeatureExperiments.cs:77 MLG3008",
                "FeatureExperiments.cs:77 MLG4003", "FeatureExperiments.cs:87 MLG4005", "FeatureExperiments.cs:87 MLG4006",
                "FeatureExperiments.cs:89 MLG3007", "FeatureExperiments.cs:89 MLG4003", "Program.cs:24 MLG1001",
                "Program.cs:27 MLG1002",
            ],
            expected);
        Assert.Equal(expected, actual);
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("compileErrors").GetInt32());
    }

    private static List<string?> Ids(string json, out JsonElement summary)
    {
        using var document = JsonDocument.Parse(json);
        summary = document.RootElement.GetProperty("summary").Clone();
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
    }
}
