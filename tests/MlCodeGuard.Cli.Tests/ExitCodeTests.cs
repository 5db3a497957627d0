using System.Text.Json;
using MlCodeGuard.Analyzers.Diagnostics;

namespace MlCodeGuard.Cli.Tests;

/// <summary>Exit codes, stderr and output files, driven through loose mode (no MSBuild, so fast).</summary>
public class ExitCodeTests
{
    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("mlguard analyze <path>", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var run = await CliRun.RunAsync("--version");

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Stdout);
    }

    [Theory]
    [InlineData]
    [InlineData("analyze")]
    [InlineData("analyze", ".", "--format", "xml")]
    [InlineData("analyze", ".", "--frobnicate")]
    [InlineData("scan", ".")]
    public async Task Bad_usage_exits_2_with_one_line_on_stderr(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("mlguard: error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_path_exits_2_and_writes_no_output_file()
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "report.sarif");

        var run = await CliRun.RunAsync("analyze", Path.Combine(folder.Path, "nope"), "--format", "sarif", "--output", output);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.Contains("does not exist", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task A_failed_run_leaves_an_existing_output_file_untouched()
    {
        using var folder = new TempFolder();
        var output = folder.Write("report.json", "previous");
        folder.Write("code/A.csproj", "<Project />");
        folder.Write("code/B.csproj", "<Project />");

        var run = await CliRun.RunAsync("analyze", Path.Combine(folder.Path, "code"), "--format", "json", "-o", output);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.Contains("several projects", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Single(Directory.EnumerateFiles(folder.Path));
    }

    [Fact]
    public async Task Output_into_a_missing_folder_exits_2()
    {
        using var folder = new TempFolder();
        folder.Write("Train.cs", Samples.UnseededTraining);

        var run = await CliRun.RunAsync("analyze", folder.Path, "-o", Path.Combine(folder.Path, "no", "such", "report.txt"));

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.Single(run.StderrLines);
    }

    [Fact]
    public async Task A_folder_without_sources_exits_2()
    {
        using var folder = new TempFolder();
        folder.Write("readme.txt", "nothing here");

        var run = await CliRun.RunAsync("analyze", folder.Path);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.Contains("no .cs file", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loose_folder_with_an_unseeded_training_context_reports_MLG1001_and_MLG1002_and_exits_1()
    {
        using var folder = new TempFolder();
        folder.Write("Training/Train.cs", Samples.UnseededTraining);
        folder.Write("bin/Ignored.cs", "this is not C# and must be skipped");
        folder.Write("obj/Ignored.cs", "this is not C# and must be skipped");

        var run = await CliRun.RunAsync("analyze", folder.Path);

        Assert.Equal(ExitCodes.DiagnosticsFound, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith(DiagnosticIds.UnseededMLContext, StringComparison.Ordinal) && l.Contains("Training/Train.cs:7", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(DiagnosticIds.UnseededSplitOrShuffle, StringComparison.Ordinal) && l.Contains("Training/Train.cs:8", StringComparison.Ordinal));
        Assert.Contains("Summary: 2 diagnostics (error 0, warning 2, info 0, hidden 0) in 1 project, 1 file (loose mode).", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("compile error", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task Threshold_above_the_findings_exits_0_but_still_lists_them()
    {
        using var folder = new TempFolder();
        folder.Write("Train.cs", Samples.UnseededTraining);

        var run = await CliRun.RunAsync("analyze", folder.Path, "--severity-threshold", "error");

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains(DiagnosticIds.UnseededMLContext, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inference_only_code_is_clean()
    {
        using var folder = new TempFolder();
        folder.Write("Scorer.cs", Samples.InferenceOnly);

        var run = await CliRun.RunAsync("analyze", folder.Path, "-s", "info");

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.StartsWith("No diagnostics.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compile_errors_are_tolerated_and_counted()
    {
        using var folder = new TempFolder();
        folder.Write("Train.cs", Samples.UnseededTraining);
        folder.Write("Broken.cs", "public static class Broken { public static void M() { Undefined(); } }");

        var run = await CliRun.RunAsync("analyze", folder.Path);

        Assert.Equal(ExitCodes.DiagnosticsFound, run.ExitCode);
        Assert.Contains(DiagnosticIds.UnseededMLContext, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 compile error tolerated", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editorconfig_severity_none_suppresses_a_rule_in_loose_mode()
    {
        using var folder = new TempFolder();
        folder.Write("Train.cs", Samples.UnseededTraining);
        folder.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.MLG1001.severity = none\ndotnet_diagnostic.MLG1002.severity = error\n");

        var run = await CliRun.RunAsync("analyze", folder.Path, "--format", "json");

        using var json = JsonDocument.Parse(run.Stdout);
        var diagnostic = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(DiagnosticIds.UnseededSplitOrShuffle, diagnostic.GetProperty("id").GetString());
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Json_report_goes_to_the_output_file_and_the_summary_to_stderr()
    {
        using var folder = new TempFolder();
        folder.Write("src/Train.cs", Samples.UnseededTraining);
        var output = Path.Combine(folder.Path, "report.json");

        var run = await CliRun.RunAsync("analyze", Path.Combine(folder.Path, "src"), "--format", "json", "--output", output);

        Assert.Equal(ExitCodes.DiagnosticsFound, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("Summary: 2 diagnostics", Assert.Single(run.StderrLines), StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("loose", root.GetProperty("target").GetProperty("kind").GetString());
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal([DiagnosticIds.UnseededMLContext, DiagnosticIds.UnseededSplitOrShuffle], diagnostics.Select(d => d.GetProperty("id").GetString()));
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("Train.cs", d.GetProperty("path").GetString());
            Assert.True(d.GetProperty("line").GetInt32() >= 1);
            Assert.True(d.GetProperty("column").GetInt32() >= 1);
            Assert.StartsWith(Descriptors.HelpLinkBase, d.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
        });
        var summary = root.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("warning").GetInt32());
        Assert.Equal(1, summary.GetProperty("files").GetInt32());
        Assert.Equal(0, summary.GetProperty("analyzerFailures").GetInt32());
        Assert.Single(Directory.EnumerateFiles(folder.Path));
    }
}
