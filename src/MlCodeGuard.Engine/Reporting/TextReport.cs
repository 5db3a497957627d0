using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Engine.Reporting;

/// <summary>The text format: a table (ID, severity, file:line, message) sorted by file and line, then a summary line.</summary>
public static class TextReport
{
    /// <summary>Writes the table, any analyzer failures, and the summary line.</summary>
    /// <param name="result">The analysis result.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(AnalysisResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);

        if (result.Diagnostics.Count == 0)
        {
            writer.WriteLine("No diagnostics.");
        }
        else
        {
            var rows = result.Diagnostics
                .Select(d => (d.Id, Severity: ReportWriter.SeverityName(d.Severity), Location: Location(d), d.Message))
                .ToList();
            var idWidth = Math.Max(2, rows.Max(r => r.Id.Length));
            var severityWidth = Math.Max(8, rows.Max(r => r.Severity.Length));
            var locationWidth = Math.Max(8, rows.Max(r => r.Location.Length));

            writer.WriteLine(Row("ID", "Severity", "Location", "Message"));
            writer.WriteLine(Row(new string('-', idWidth), new string('-', severityWidth), new string('-', locationWidth), "-------"));
            foreach (var row in rows)
            {
                writer.WriteLine(Row(row.Id, row.Severity, row.Location, row.Message));
            }

            string Row(string id, string severity, string location, string message)
                => string.Create(CultureInfo.InvariantCulture, $"{id.PadRight(idWidth)}  {severity.PadRight(severityWidth)}  {location.PadRight(locationWidth)}  {message}").TrimEnd();
        }

        foreach (var failure in result.AnalyzerFailures)
        {
            writer.WriteLine($"error AD0001: {failure.Message}");
        }

        writer.WriteLine();
        writer.WriteLine(SummaryLine(result));
    }

    /// <summary>
    /// One line with the counts per severity, projects and files, tolerated compile errors and analyzer failures, e.g.
    /// "Summary: 3 diagnostics (error 0, warning 2, info 1, hidden 0) in 1 project, 4 files."
    /// </summary>
    /// <param name="result">The analysis result.</param>
    /// <returns>The summary line, without a line break.</returns>
    public static string SummaryLine(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture,
            $"Summary: {Plural(result.Diagnostics.Count, "diagnostic")} (error {result.Count(DiagnosticSeverity.Error)}, warning {result.Count(DiagnosticSeverity.Warning)}, info {result.Count(DiagnosticSeverity.Info)}, hidden {result.Count(DiagnosticSeverity.Hidden)})");
        line.Append(CultureInfo.InvariantCulture, $" in {Plural(result.ProjectCount, "project")}, {Plural(result.FileCount, "file")}");
        if (result.Target.Kind == TargetKind.Loose)
        {
            line.Append(" (loose mode)");
        }

        line.Append('.');
        if (result.CompileErrorCount > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" {Plural(result.CompileErrorCount, "compile error")} tolerated: results may be incomplete.");
        }

        if (result.AnalyzerFailures.Count > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" {Plural(result.AnalyzerFailures.Count, "analyzer failure")} (AD0001, counted as errors): a bug in MlCodeGuard, please report it.");
        }

        return line.ToString();
    }

    private static string Location(ReportedDiagnostic diagnostic)
        => diagnostic.RelativePath is null
            ? "(no location)"
            : string.Create(CultureInfo.InvariantCulture, $"{diagnostic.RelativePath}:{diagnostic.StartLine}");

    private static string Plural(int count, string noun)
        => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
