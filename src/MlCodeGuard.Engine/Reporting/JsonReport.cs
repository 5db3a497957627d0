using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Engine.Reporting;

/// <summary>
/// MlCodeGuard's JSON format (schemaVersion 1, documented in docs/cli.md): the tool, the target, an array of
/// diagnostics in report order, the analyzer failures and a summary with the counts of the text summary line.
/// </summary>
public static class JsonReport
{
    /// <summary>The version of the JSON layout; raised when a property is removed or changes meaning.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes the JSON document (indented UTF-8).</summary>
    /// <param name="result">The analysis result.</param>
    /// <param name="output">Where to write; left open.</param>
    public static void Write(AnalysisResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var fingerprints = Fingerprints.PrimaryLocationLineHashes(result.Diagnostics);

        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);

        json.WriteStartObject("tool");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteEndObject();

        json.WriteStartObject("target");
        json.WriteString("kind", result.Target.Kind.ToString().ToLowerInvariant());
        json.WriteString("path", result.Target.Path);
        json.WriteString("root", result.Root);
        json.WriteEndObject();

        json.WriteStartArray("diagnostics");
        foreach (var d in result.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("id", d.Id);
            json.WriteString("severity", ReportWriter.SeverityName(d.Severity));
            json.WriteString("title", d.Descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("category", d.Descriptor.Category);
            json.WriteString("message", d.Message);
            if (d.RelativePath is null)
            {
                json.WriteNull("path");
            }
            else
            {
                json.WriteString("path", d.RelativePath);
                json.WriteNumber("line", d.StartLine);
                json.WriteNumber("column", d.StartColumn);
                json.WriteNumber("endLine", d.EndLine);
                json.WriteNumber("endColumn", d.EndColumn);
                json.WriteString("fingerprint", fingerprints[d]);
            }

            if (!string.IsNullOrEmpty(d.Descriptor.HelpLinkUri))
            {
                json.WriteString("helpUri", d.Descriptor.HelpLinkUri);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("analyzerFailures");
        foreach (var failure in result.AnalyzerFailures)
        {
            json.WriteStartObject();
            json.WriteString("id", "AD0001");
            json.WriteString("analyzer", failure.Analyzer);
            json.WriteString("message", failure.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartObject("summary");
        json.WriteNumber("total", result.Diagnostics.Count);
        json.WriteNumber("error", result.Count(DiagnosticSeverity.Error));
        json.WriteNumber("warning", result.Count(DiagnosticSeverity.Warning));
        json.WriteNumber("info", result.Count(DiagnosticSeverity.Info));
        json.WriteNumber("hidden", result.Count(DiagnosticSeverity.Hidden));
        json.WriteNumber("analyzerFailures", result.AnalyzerFailures.Count);
        json.WriteNumber("projects", result.ProjectCount);
        json.WriteNumber("files", result.FileCount);
        json.WriteNumber("compileErrors", result.CompileErrorCount);
        json.WriteEndObject();

        json.WriteEndObject();
    }
}
