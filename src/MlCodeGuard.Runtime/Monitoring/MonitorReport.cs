using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// Renders a <see cref="DriftSnapshot"/> as one self-contained HTML page: per column the baseline against the current
/// distribution and the drift statistic over time (inline SVG), the alarms with their root causes, data integrity and
/// the deployment record. No external resource: the page opens offline. A short inline script adds hover read-outs and
/// a column filter; the charts are complete without it.
/// </summary>
public static class MonitorReport
{
    /// <summary>Renders the report.</summary>
    /// <param name="snapshot">The snapshot (one monitor or merged replicas).</param>
    /// <returns>The HTML text.</returns>
    public static string RenderHtml(DriftSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var html = new StringBuilder(64 * 1024);
        var title = $"Drift report: {snapshot.ModelName} {snapshot.ModelVersion}".Trim();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        html.Append("<p class=\"meta\">")
            .Append(F(snapshot.Rows)).Append(" rows observed from ").Append(E(snapshot.StartedUtc.ToString("u", CultureInfo.InvariantCulture)))
            .Append(" to ").Append(E(snapshot.TakenUtc.ToString("u", CultureInfo.InvariantCulture)))
            .Append(" by ").Append(snapshot.Replicas).Append(snapshot.Replicas == 1 ? " monitor" : " monitors (merged)")
            .Append("; false-alarm rate: one per ").Append(F(snapshot.Arl0)).Append(" observations of a column (ARL0).</p>\n");

        Summary(html, snapshot);
        Alarms(html, snapshot);
        Deployment(html, snapshot);

        html.Append("<h2>Columns</h2>\n<p><label>Filter columns <input id=\"filter\" type=\"search\" placeholder=\"name\"></label></p>\n");
        for (var i = 0; i < snapshot.Features.Count; i++)
        {
            Feature(html, snapshot, i);
        }

        html.Append("<div id=\"tip\" class=\"tip\" hidden></div>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, DriftSnapshot snapshot)
    {
        html.Append("<h2>Summary</h2>\n<table class=\"summary\"><thead><tr><th>column</th><th>status</th><th>drift statistic</th><th>mean (baseline)</th><th>recent mean</th><th>missing</th><th>out of range</th><th>unseen categories</th><th>alarms</th><th>importance</th></tr></thead><tbody>\n");
        foreach (var f in snapshot.Features.OrderByDescending(f => f.Statistic * f.Importance))
        {
            var status = f.Statistic >= 1 || f.Alarms > 0 ? "<span class=\"bad\">drift</span>" : f.Statistic >= 0.5 ? "<span class=\"warn\">watch</span>" : "<span class=\"ok\">ok</span>";
            var total = f.Count + f.Missing;
            html.Append("<tr><td><a href=\"#col-").Append(Id(f.Name)).Append("\">").Append(E(f.Name)).Append(f.IsScore ? " (score)" : "").Append("</a></td><td>").Append(status)
                .Append("</td><td>").Append(N(f.Statistic)).Append("</td><td>")
                .Append(f.Kind == FeatureKind.Numeric ? N(f.Mean) + " (" + N(f.BaselineMean) + ")" : "—").Append("</td><td>")
                .Append(f.Kind == FeatureKind.Numeric ? N(f.RecentMean) : "—").Append("</td><td>")
                .Append(Rate(f.Missing, total)).Append("</td><td>").Append(Rate(f.OutOfRange, total)).Append("</td><td>")
                .Append(f.Kind == FeatureKind.Categorical ? Rate(f.Unseen, total) : "—").Append("</td><td>").Append(F(f.Alarms))
                .Append("</td><td>").Append(N(f.Importance)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Alarms(StringBuilder html, DriftSnapshot snapshot)
    {
        html.Append("<h2>Alarms</h2>\n");
        if (snapshot.Alarms.Count == 0)
        {
            html.Append("<p>No alarm.</p>\n");
            return;
        }

        html.Append("<table class=\"alarms\"><thead><tr><th>time (UTC)</th><th>column</th><th>detector</th><th>statistic</th><th>estimated onset</th><th>ranked causes (drift × importance)</th><th>score change and contributions</th></tr></thead><tbody>\n");
        foreach (var a in snapshot.Alarms.Reverse().Take(100))
        {
            html.Append("<tr><td>").Append(E(a.Utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append("</td><td>").Append(E(a.Feature))
                .Append("</td><td>").Append(E(a.Detector.ToString().ToLowerInvariant() + (a.Direction.Length > 0 ? " " + a.Direction : "")))
                .Append("</td><td>").Append(N(a.Statistic)).Append("</td><td>").Append(F(a.OnsetObservationsAgo)).Append(" observations earlier (")
                .Append(E(a.EstimatedOnsetUtc.ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append(")</td><td><ol>");
            foreach (var c in a.RankedFeatures.Take(3))
            {
                html.Append("<li>").Append(E(c.Feature)).Append(" — ").Append(N(c.Score)).Append(" (").Append(E(c.Detector.ToString().ToLowerInvariant()))
                    .Append(", mean shift ").Append(N(c.MeanShift)).Append("σ)</li>");
            }

            html.Append("</ol></td><td>");
            if (a.ScoreChange is { } change)
            {
                html.Append("Δscore ").Append(N(change)).Append(": ");
            }

            html.Append(string.Join(", ", a.Contributions.Take(3).Select(c => E(c.Feature) + " " + N(c.Contribution)))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Deployment(StringBuilder html, DriftSnapshot snapshot)
    {
        if (snapshot.Deployment.Count == 0)
        {
            return;
        }

        var s = DeploymentRecord.Summarize(snapshot.Deployment);
        html.Append("<h2>Deployments</h2>\n<p class=\"meta\">").Append(s.Deployments).Append(" deployments")
            .Append(s.DeploymentsPerDay is { } perDay ? $" ({N(perDay)} per day)" : "")
            .Append(s.MedianLeadTime is { } lead ? $"; median lead time from packaging to serving {E(Span(lead))}" : "")
            .Append(s.MedianDetectionDelay is { } delay ? $"; median time from drift onset to alarm {E(Span(delay))}" : "")
            .Append("; ").Append(s.Rollbacks).Append(" rollbacks, ").Append(s.FailedReloads).Append(" refused reloads, ").Append(s.Alarms).Append(" alarms.</p>\n");
        html.Append("<table><thead><tr><th>time (UTC)</th><th>event</th><th>model</th><th>version</th><th>detail</th></tr></thead><tbody>\n");
        foreach (var e in snapshot.Deployment.TakeLast(200))
        {
            html.Append("<tr><td>").Append(E(e.Utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append("</td><td>").Append(E(e.Kind.ToString()))
                .Append("</td><td>").Append(E(e.Model)).Append("</td><td>").Append(E(e.Version)).Append("</td><td>").Append(E(e.Detail)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Feature(StringBuilder html, DriftSnapshot snapshot, int index)
    {
        var f = snapshot.Features[index];
        html.Append("<section class=\"feature\" id=\"col-").Append(Id(f.Name)).Append("\" data-name=\"").Append(E(f.Name)).Append("\">\n<h3>")
            .Append(E(f.Name)).Append(f.IsScore ? " (model score)" : "").Append("</h3>\n<p class=\"meta\">")
            .Append(F(f.Count)).Append(" values, ").Append(F(f.Missing)).Append(" missing, ").Append(F(f.OutOfRange)).Append(" out of the baseline range")
            .Append(f.Kind == FeatureKind.Categorical ? ", " + F(f.Unseen) + " unseen categories" : "")
            .Append(". Statistics over their thresholds: mean ").Append(N(f.MeanStatistic)).Append(", variance ").Append(N(f.VarianceStatistic))
            .Append(", shape ").Append(N(f.ShapeStatistic)).Append(".</p>\n<div class=\"charts\">\n");
        Distribution(html, f);
        Timeline(html, snapshot, index);
        html.Append("</div>\n</section>\n");
    }

    private static void Distribution(StringBuilder html, FeatureSnapshot f)
    {
        const int width = 460, height = 220, left = 40, bottom = 50, top = 20;
        var bins = f.BinCounts.Count;
        var current = f.Count > 0 ? f.BinCounts.Select(c => (double)c / f.Count).ToArray() : new double[bins];
        var max = Math.Max(1e-9, new[] { f.BaselineFrequencies.DefaultIfEmpty(0).Max(), current.DefaultIfEmpty(0).Max(), f.RecentFrequencies.DefaultIfEmpty(0).Max() }.Max());
        var plotW = width - left - 10;
        var plotH = height - top - bottom;
        var slot = plotW / (double)Math.Max(1, bins);
        html.Append("<figure><svg class=\"chart distribution\" role=\"img\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\"><title>").Append(E(f.Name)).Append(": baseline and current distribution</title>\n");
        Axis(html, left, top, plotW, plotH, max, "frequency");
        for (var b = 0; b < bins; b++)
        {
            var x = left + b * slot;
            Bar(html, x + slot * 0.1, slot * 0.38, f.BaselineFrequencies[b], max, top, plotH, "base", $"{Label(f, b)}: baseline {P(f.BaselineFrequencies[b])}");
            Bar(html, x + slot * 0.5, slot * 0.38, current[b], max, top, plotH, "cur", $"{Label(f, b)}: since start {P(current[b])}, recent {P(f.RecentFrequencies[b])}");
            var ry = top + plotH - f.RecentFrequencies[b] / max * plotH;
            html.Append("<line class=\"recent\" x1=\"").Append(N(x + slot * 0.08)).Append("\" x2=\"").Append(N(x + slot * 0.92)).Append("\" y1=\"").Append(N(ry)).Append("\" y2=\"").Append(N(ry)).Append("\"/>");
            html.Append("<text class=\"tick\" transform=\"translate(").Append(N(x + slot / 2)).Append(',').Append(top + plotH + 8).Append(") rotate(40)\">")
                .Append(E(Short(Label(f, b)))).Append("</text>\n");
        }

        html.Append("</svg><figcaption><span class=\"key base\"></span>baseline <span class=\"key cur\"></span>since start <span class=\"key recent\"></span>recent (EWMA)")
            .Append(f.Kind == FeatureKind.Numeric ? "; bins labelled by their upper edge" : "").Append("</figcaption></figure>\n");
    }

    private static string Label(FeatureSnapshot f, int b) => b < f.Bins.Count ? (f.Kind == FeatureKind.Numeric ? "≤ " + f.Bins[b] : f.Bins[b]) : "#" + b;

    private static void Bar(StringBuilder html, double x, double w, double value, double max, int top, int plotH, string cls, string tip)
    {
        var h = value / max * plotH;
        html.Append("<rect class=\"").Append(cls).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(top + plotH - h)).Append("\" width=\"").Append(N(w))
            .Append("\" height=\"").Append(N(h)).Append("\" data-tip=\"").Append(E(tip)).Append("\"/>");
    }

    private static void Axis(StringBuilder html, int left, int top, int plotW, int plotH, double max, string label)
    {
        html.Append("<line class=\"axis\" x1=\"").Append(left).Append("\" y1=\"").Append(top).Append("\" x2=\"").Append(left).Append("\" y2=\"").Append(top + plotH).Append("\"/>")
            .Append("<line class=\"axis\" x1=\"").Append(left).Append("\" y1=\"").Append(top + plotH).Append("\" x2=\"").Append(left + plotW).Append("\" y2=\"").Append(top + plotH).Append("\"/>")
            .Append("<text class=\"tick\" x=\"").Append(left - 4).Append("\" y=\"").Append(top + 4).Append("\" text-anchor=\"end\">").Append(N(max)).Append("</text>")
            .Append("<text class=\"tick\" x=\"").Append(left - 4).Append("\" y=\"").Append(top + plotH).Append("\" text-anchor=\"end\">0</text>")
            .Append("<text class=\"tick\" x=\"").Append(left + 4).Append("\" y=\"").Append(top - 6).Append("\">").Append(E(label)).Append("</text>\n");
    }

    private static void Timeline(StringBuilder html, DriftSnapshot snapshot, int index)
    {
        const int width = 460, height = 220, left = 40, bottom = 40, top = 20;
        var plotW = width - left - 10;
        var plotH = height - top - bottom;
        var points = snapshot.History.Where(h => index < h.Statistics.Count).ToArray();
        var feature = snapshot.Features[index].Name;
        var alarms = snapshot.Alarms.Where(a => a.Feature == feature).ToArray();
        var max = Math.Max(1.2, points.Select(p => p.Statistics[index]).DefaultIfEmpty(0).Max() * 1.05);
        var t0 = points.Length > 0 ? points[0].Utc : snapshot.StartedUtc;
        var t1 = points.Length > 0 ? points[^1].Utc : snapshot.TakenUtc;
        foreach (var a in alarms)
        {
            t0 = a.Utc < t0 ? a.Utc : t0;
            t1 = a.Utc > t1 ? a.Utc : t1;
        }

        var span = Math.Max(1e-3, (t1 - t0).TotalSeconds);
        double X(DateTimeOffset t) => left + (t - t0).TotalSeconds / span * plotW;
        double Y(double v) => top + plotH - Math.Min(v, max) / max * plotH;
        html.Append("<figure><svg class=\"chart timeline\" role=\"img\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\"><title>").Append(E(feature)).Append(": drift statistic over time</title>\n");
        Axis(html, left, top, plotW, plotH, max, "statistic / threshold");
        html.Append("<line class=\"threshold\" x1=\"").Append(left).Append("\" x2=\"").Append(left + plotW).Append("\" y1=\"").Append(N(Y(1))).Append("\" y2=\"").Append(N(Y(1))).Append("\"/>");
        if (points.Length > 0)
        {
            html.Append("<polyline class=\"stat\" points=\"");
            foreach (var p in points)
            {
                html.Append(N(X(p.Utc))).Append(',').Append(N(Y(p.Statistics[index]))).Append(' ');
            }

            html.Append("\"/>");
            foreach (var p in points.Length <= 120 ? points : points.Where((_, k) => k % (points.Length / 120 + 1) == 0))
            {
                html.Append("<circle class=\"pt\" r=\"2.5\" cx=\"").Append(N(X(p.Utc))).Append("\" cy=\"").Append(N(Y(p.Statistics[index])))
                    .Append("\" data-tip=\"").Append(E($"{p.Utc:HH:mm:ss}, {F(p.Rows)} rows: {N(p.Statistics[index])}")).Append("\"/>");
            }
        }

        foreach (var a in alarms)
        {
            html.Append("<line class=\"alarm\" x1=\"").Append(N(X(a.Utc))).Append("\" x2=\"").Append(N(X(a.Utc))).Append("\" y1=\"").Append(top).Append("\" y2=\"").Append(top + plotH)
                .Append("\" data-tip=\"").Append(E(a.ToString())).Append("\"/>");
        }

        html.Append("<text class=\"tick\" x=\"").Append(left).Append("\" y=\"").Append(top + plotH + 16).Append("\">").Append(E(t0.ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append("</text>")
            .Append("<text class=\"tick\" x=\"").Append(left + plotW).Append("\" y=\"").Append(top + plotH + 16).Append("\" text-anchor=\"end\">").Append(E(t1.ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append("</text>\n");
        html.Append("</svg><figcaption><span class=\"key stat\"></span>strongest statistic over its threshold <span class=\"key threshold\"></span>alarm threshold <span class=\"key alarm\"></span>alarm")
            .Append(points.Length == 0 ? " (no history recorded)" : "").Append("</figcaption></figure>\n");
    }

    private static string Short(string s) => s.Length <= 12 ? s : s[..11] + "…";

    private static string Span(TimeSpan t) => t.TotalDays >= 1 ? $"{t.TotalDays:0.0} days" : t.TotalHours >= 1 ? $"{t.TotalHours:0.0} h" : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.0} min" : $"{t.TotalSeconds:0.0} s";

    private static string Rate(long n, long total) => total == 0 ? "0" : F(n) + " (" + P((double)n / total) + ")";

    private static string P(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string N(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 1000 ? "0" : "0.###", CultureInfo.InvariantCulture) : "—";

    private static string F(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Id(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    private const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; }
        h1 { font-size: 22px; } h2 { margin-top: 28px; border-bottom: 1px solid #d5dae3; } h3 { margin: 8px 0 2px; }
        .meta { color: #4b5568; }
        table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d5dae3; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f1f3f7; } td ol { margin: 0; padding-left: 18px; }
        .bad { color: #b42318; font-weight: 600; } .warn { color: #b54708; } .ok { color: #067647; }
        .feature { border: 1px solid #e3e7ee; border-radius: 6px; padding: 8px 14px; margin: 14px 0; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; } figure { margin: 0; } figcaption { font-size: 12px; color: #4b5568; }
        svg.chart { background: #fff; } .axis { stroke: #8a94a6; } .tick { font-size: 10px; fill: #4b5568; }
        rect.base, .key.base { fill: #9db2d6; background: #9db2d6; } rect.cur, .key.cur { fill: #e8833a; background: #e8833a; }
        line.recent { stroke: #7a2e98; stroke-width: 2; } .key.recent { background: #7a2e98; }
        polyline.stat { fill: none; stroke: #1f5fbf; stroke-width: 1.6; } .key.stat { background: #1f5fbf; } circle.pt { fill: #1f5fbf; }
        line.threshold { stroke: #b42318; stroke-dasharray: 5 4; } .key.threshold { background: #b42318; }
        line.alarm { stroke: #b42318; stroke-width: 2; opacity: .6; } .key.alarm { background: #b42318; opacity: .6; }
        .key { display: inline-block; width: 12px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
        .hl { stroke: #111; stroke-width: 1.5; }
        .tip { position: fixed; pointer-events: none; background: #1d2330; color: #fff; padding: 3px 7px; border-radius: 4px; font-size: 12px; max-width: 420px; }
        """;

    private const string Script = """
        (function () {
          'use strict';
          var tip = document.getElementById('tip');
          var marks = document.querySelectorAll('[data-tip]');
          marks.forEach(function (el) {
            el.addEventListener('mousemove', function (e) {
              tip.textContent = el.getAttribute('data-tip');
              tip.style.left = (e.clientX + 12) + 'px';
              tip.style.top = (e.clientY + 12) + 'px';
              tip.hidden = false;
              el.classList.add('hl');
            });
            el.addEventListener('mouseleave', function () { tip.hidden = true; el.classList.remove('hl'); });
          });
          var filter = document.getElementById('filter');
          var sections = document.querySelectorAll('section.feature');
          filter.addEventListener('input', function () {
            var q = filter.value.toLowerCase();
            sections.forEach(function (s) { s.hidden = q.length > 0 && s.getAttribute('data-name').toLowerCase().indexOf(q) < 0; });
          });
          var charts = document.querySelectorAll('svg.chart');
          document.body.setAttribute('data-charts', String(charts.length));
          document.body.setAttribute('data-marks', String(marks.length));
          document.body.setAttribute('data-ready', '1');
        })();
        """;
}
