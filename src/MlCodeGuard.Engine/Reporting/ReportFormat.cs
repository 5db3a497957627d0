using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Engine.Reporting;

/// <summary>The output formats of <c>mlguard analyze</c>.</summary>
public enum ReportFormat
{
    /// <summary>A human-readable table and a summary line.</summary>
    Text,

    /// <summary>SARIF 2.1.0, as GitHub code scanning accepts it.</summary>
    Sarif,

    /// <summary>MlCodeGuard's own JSON document (see docs/cli.md).</summary>
    Json,
}

/// <summary>Writes an <see cref="AnalysisResult"/> in any <see cref="ReportFormat"/>.</summary>
public static class ReportWriter
{
    /// <summary>Writes the report to a stream (UTF-8 without a byte-order mark). The stream is left open.</summary>
    /// <param name="result">The analysis result.</param>
    /// <param name="format">The format to write.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(AnalysisResult result, ReportFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case ReportFormat.Sarif:
                SarifReport.Write(result, output);
                output.WriteByte((byte)'\n');
                break;
            case ReportFormat.Json:
                JsonReport.Write(result, output);
                output.WriteByte((byte)'\n');
                break;
            default:
                using (var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
                {
                    TextReport.Write(result, writer);
                }

                break;
        }
    }

    /// <summary>The lower-case name of a severity as reports spell it: error, warning, info, hidden.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>Its report name.</returns>
    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };
}
