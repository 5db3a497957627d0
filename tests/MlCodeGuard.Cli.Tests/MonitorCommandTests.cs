using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Cli.Tests;

/// <summary><c>mlguard monitor report</c>: renders snapshots, merges replicas, refuses bad input without writing.</summary>
public sealed class MonitorCommandTests
{
    private static DriftSnapshot Snapshot(int seed, double shift)
    {
        var builder = new BaselineBuilder();
        builder.AddNumeric("Size");
        var random = new Random(seed);
        double Next() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        for (var i = 0; i < 5_000; i++)
        {
            builder.Add(0, Next());
        }

        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 1, ModelName = "house", ModelVersion = "1.0.0", Arl0 = 500 });
        for (var i = 0; i < 2_000; i++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, Next() + (i > 1_000 ? shift : 0));
        }

        return monitor.Snapshot();
    }

    [Fact]
    public async Task ReportMergesSnapshotsIntoOneHtmlFile()
    {
        using var folder = new TempFolder();
        var a = Path.Combine(folder.Path, "a.json");
        var b = Path.Combine(folder.Path, "b.json");
        File.WriteAllText(a, Snapshot(1, 1).ToJson());
        File.WriteAllText(b, Snapshot(2, 0).ToJson());
        var output = Path.Combine(folder.Path, "report.html");

        var run = await CliRun.RunAsync("monitor", "report", a, b, "-o", output);

        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("2 monitor(s)", run.Stderr);
        var html = File.ReadAllText(output);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("4,000 rows observed", html);
        Assert.Contains("2 monitors (merged)", html);
        Assert.Contains("<svg class=\"chart distribution\"", html);
    }

    [Theory]
    [InlineData("monitor")]
    [InlineData("monitor", "report")]
    [InlineData("monitor", "report", "missing.json", "-o", "out.html")]
    [InlineData("monitor", "report", "bad.json", "-o", "out.html")]
    [InlineData("monitor", "report", "bad.json")]
    [InlineData("monitor", "frobnicate")]
    public async Task BadUsageOrInputExitsTwoWithoutOutput(params string[] args)
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "bad.json"), "{ not json");
        var resolved = args.Select(a => a.EndsWith(".json", StringComparison.Ordinal) || a.EndsWith(".html", StringComparison.Ordinal) ? Path.Combine(folder.Path, a) : a).ToArray();

        var run = await CliRun.RunAsync(resolved);

        Assert.Equal(ExitCodes.UsageOrLoadError, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(folder.Path, "out.html")));
    }

    [Fact]
    public async Task HelpPrintsTheMonitorUsage()
    {
        var run = await CliRun.RunAsync("monitor", "--help");
        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("mlguard monitor report <snapshot.json>", run.Stdout);
    }
}
