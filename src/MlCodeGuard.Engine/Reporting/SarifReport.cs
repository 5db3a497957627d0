using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using MlCodeGuard.Analyzers.Diagnostics;

namespace MlCodeGuard.Engine.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning accepts it: one run, the rules of every analyzer that ran, results with
/// root-relative URIs against %SRCROOT%, 1-based regions, and line-shift-stable partial fingerprints. Analyzer
/// failures (AD0001) are tool execution notifications, not results.
/// </summary>
public static class SarifReport
{
    /// <summary>The schema URI written as $schema.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The uriBaseId that result locations are relative to.</summary>
    public const string SourceRootBaseId = "%SRCROOT%";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_ruleNames = new(RuleNames);

    /// <summary>Writes the SARIF log (indented UTF-8 JSON).</summary>
    /// <param name="result">The analysis result.</param>
    /// <param name="output">Where to write; left open.</param>
    public static void Write(AnalysisResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);

        var rules = result.Rules.ToList();
        foreach (var descriptor in result.Diagnostics.Select(d => d.Descriptor))
        {
            if (!rules.Any(r => r.Id == descriptor.Id))
            {
                rules.Add(descriptor);
            }
        }

        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var fingerprints = Fingerprints.PrimaryLocationLineHashes(result.Diagnostics);

        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("informationUri", ToolInfo.InformationUri);
        json.WriteString("semanticVersion", ToolInfo.SemanticVersion);
        json.WriteString("version", ToolInfo.Version);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", result.AnalyzerFailures.Count == 0);
        if (result.AnalyzerFailures.Count > 0)
        {
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var failure in result.AnalyzerFailures)
            {
                json.WriteStartObject();
                json.WriteString("level", "error");
                json.WriteStartObject("descriptor");
                json.WriteString("id", "AD0001");
                json.WriteEndObject();
                WriteMessage(json, failure.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRootBaseId);
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(result.Root) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var diagnostic in result.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", diagnostic.Id);
            json.WriteNumber("ruleIndex", ruleIndex[diagnostic.Id]);
            json.WriteString("level", Level(diagnostic.Severity));
            WriteMessage(json, diagnostic.Message);
            if (diagnostic.RelativePath is not null)
            {
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                if (diagnostic.IsUnderRoot)
                {
                    json.WriteString("uri", EscapeRelative(diagnostic.RelativePath));
                    json.WriteString("uriBaseId", SourceRootBaseId);
                }
                else
                {
                    json.WriteString("uri", new Uri(diagnostic.FilePath!).AbsoluteUri);
                }

                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", diagnostic.StartLine);
                json.WriteNumber("startColumn", diagnostic.StartColumn);
                json.WriteNumber("endLine", diagnostic.EndLine);
                json.WriteNumber("endColumn", diagnostic.EndColumn);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();

                json.WriteStartObject("partialFingerprints");
                json.WriteString("primaryLocationLineHash", fingerprints[diagnostic]);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The SARIF level of a severity: error, warning, or note (info and hidden).</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>"error", "warning" or "note".</returns>
    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    private static void WriteRule(Utf8JsonWriter json, DiagnosticDescriptor rule)
    {
        var title = rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var description = rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", s_ruleNames.Value.TryGetValue(rule.Id, out var name) ? name : rule.Id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", string.IsNullOrEmpty(description) ? title : description);
        json.WriteEndObject();
        if (!string.IsNullOrEmpty(rule.HelpLinkUri))
        {
            json.WriteString("helpUri", rule.HelpLinkUri);
        }

        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", rule.IsEnabledByDefault ? Level(rule.DefaultSeverity) : "none");
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteStartArray("tags");
        json.WriteStringValue(rule.Category);
        foreach (var tag in rule.CustomTags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject("message");
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string EscapeRelative(string relativePath)
        => string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Rule names are the constant names of DiagnosticIds (UnseededMLContext for MLG1001), as in the catalog.</summary>
    private static IReadOnlyDictionary<string, string> RuleNames()
        => typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .GroupBy(f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
}
