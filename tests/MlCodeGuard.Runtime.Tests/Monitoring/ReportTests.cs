using System.Text.RegularExpressions;
using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>The HTML report: self-contained, and rendered by headless Chromium with its charts and no script error.</summary>
public sealed class ReportTests
{
    internal static DriftSnapshot DriftedSnapshot()
    {
        var builder = new BaselineBuilder();
        builder.AddNumeric("Size");
        builder.AddNumeric("Age");
        builder.AddCategorical("City <&\">"); // a name that must be escaped
        var normal = new Streams.Normal(70);
        string[] cities = ["Paris", "Lyon", "Nice"];
        for (var i = 0; i < 10_000; i++)
        {
            builder.Add(0, 100 + 20 * normal.Next());
            builder.Add(1, Math.Exp(normal.Next()));
            builder.Add(2, cities[i % 3]);
            builder.AddScore(3 * normal.Next());
            builder.EndRow();
        }

        var record = new DeploymentRecord();
        record.Add(new DeploymentEvent { Utc = DateTimeOffset.UtcNow.AddDays(-3), Kind = DeploymentEventKind.Load, Model = "house", Version = "1.0.0", ModelCreatedUtc = DateTimeOffset.UtcNow.AddDays(-4) });
        record.Add(new DeploymentEvent { Utc = DateTimeOffset.UtcNow.AddDays(-1), Kind = DeploymentEventKind.Reload, Model = "house", Version = "1.1.0", ModelCreatedUtc = DateTimeOffset.UtcNow.AddDays(-1.5) });
        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 2, ModelName = "house", ModelVersion = "1.1.0", HistoryEvery = 250 });
        monitor.Deployment = record;
        for (var i = 0; i < 6_000; i++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, 100 + 20 * normal.Next() + (i > 3_000 ? 15 : 0));
            row.Numeric(1, i % 50 == 0 ? double.NaN : Math.Exp(normal.Next()));
            row.Categorical(2, i % 100 == 0 ? "Lille" : cities[i % 3]);
            row.Score(3 * normal.Next());
        }

        return monitor.Snapshot();
    }

    [Fact]
    public void ReportIsSelfContainedAndEscaped()
    {
        var snapshot = DriftedSnapshot();
        var html = MonitorReport.RenderHtml(snapshot);

        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("City &lt;&amp;&quot;&gt;", html);
        Assert.DoesNotContain("City <&\">", html);
        Assert.Equal(2 * snapshot.Features.Count, Regex.Matches(html, "<svg class=\"chart ").Count);
        Assert.Contains("Size", snapshot.Alarms.Select(a => a.Feature));
        Assert.Contains("<h2>Deployments</h2>", html);
    }

    [Fact]
    public void ChromiumRendersTheChartsWithoutScriptErrors()
    {
        var snapshot = DriftedSnapshot();
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "report.html");
        File.WriteAllText(path, MonitorReport.RenderHtml(snapshot));

        var (dom, console) = HeadlessChromium.Load(path);

        Assert.DoesNotContain(console, c => c.Contains("Error", StringComparison.OrdinalIgnoreCase) || c.Contains("Uncaught", StringComparison.Ordinal));
        // The script ran to its end (it sets these last) and counted the charts in the live DOM.
        Assert.Contains("data-ready=\"1\"", dom);
        Assert.Contains($"data-charts=\"{2 * snapshot.Features.Count}\"", dom);
        Assert.Equal(snapshot.Features.Count, Regex.Matches(dom, "<polyline class=\"stat\"").Count);
        Assert.True(Regex.Matches(dom, "<rect class=\"cur\"").Count >= 10);
        Assert.Contains("class=\"alarm\"", dom);
    }

    [Fact]
    public void TheChromiumCheckSeesAScriptError()
    {
        // The harness itself: a page whose script throws must show up in the captured console.
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "broken.html");
        File.WriteAllText(path, "<!DOCTYPE html><html><body><svg class=\"chart\"></svg><script>notDefined();</script></body></html>");

        var (dom, console) = HeadlessChromium.Load(path);

        Assert.Contains(console, c => c.Contains("Uncaught ReferenceError", StringComparison.Ordinal));
        Assert.Contains("<svg class=\"chart\">", dom);
    }

    private sealed class TempDirectory : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mlguard-report-");

        public string Path => _dir.FullName;

        public void Dispose() => _dir.Delete(recursive: true);
    }
}
