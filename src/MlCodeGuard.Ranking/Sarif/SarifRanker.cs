using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;

namespace MlCodeGuard.Ranking.Sarif;

/// <summary>What ranking a SARIF log did.</summary>
/// <param name="ResultCount">Results ranked.</param>
/// <param name="SourcesRead">Source files found and parsed for location features.</param>
/// <param name="Scorer">The scorer's description.</param>
public sealed record SarifRankSummary(int ResultCount, int SourcesRead, string Scorer);

/// <summary>
/// Ranks the results of any SARIF 2.1.0 log (MlCodeGuard's, or <c>dotnet build -p:ErrorLog=build.sarif,version=2.1</c>):
/// sets <c>result.rank</c> (0–100, higher first) and the properties <c>fixProbability</c> and <c>mlguardScore</c>,
/// leaving everything else as it was. Location features come from the source files when they are on disk.
/// </summary>
public static class SarifRanker
{
    /// <summary>Ranks a SARIF log.</summary>
    /// <param name="input">The SARIF JSON.</param>
    /// <param name="output">Receives the ranked SARIF (indented UTF-8).</param>
    /// <param name="scorer">The scorer.</param>
    /// <param name="sourceRoot">The folder relative URIs resolve against when the log does not say (default: the log's folder).</param>
    /// <returns>What was done.</returns>
    /// <exception cref="InvalidDataException">The input is not a SARIF log.</exception>
    public static SarifRankSummary Rank(Stream input, Stream output, IDiagnosticScorer scorer, string? sourceRoot)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(output);

        // Read-only parse (JsonDocument) and a streaming copy to the output with the new values spliced in: a mutable
        // JsonNode tree builds a dictionary per object, which cost more than the scoring on large logs.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            var log = document.RootElement;
            if (log.ValueKind != JsonValueKind.Object || !log.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("not a SARIF log (no 'runs' array)");
            }

            var sources = new SourceCache();
            var scoresByRun = new List<IReadOnlyList<DiagnosticScore>?>();
            var total = 0;
            foreach (var run in runs.EnumerateArray())
            {
                if (run.ValueKind != JsonValueKind.Object || !run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    scoresByRun.Add(null);
                    continue;
                }

                var rules = RuleTable(run);
                var baseUris = BaseUris(run, sourceRoot);
                var features = new List<DiagnosticFeatures>(results.GetArrayLength());
                foreach (var result in results.EnumerateArray())
                {
                    if (result.ValueKind == JsonValueKind.Object)
                    {
                        features.Add(Features(result, rules, baseUris, sourceRoot, sources, scorer.History));
                    }
                }

                scoresByRun.Add(scorer.Score(features));
                total += features.Count;
            }

            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            WriteLog(writer, log, scoresByRun, scorer.Description);
            writer.Flush();
            output.WriteByte((byte)'\n');
            return new SarifRankSummary(total, sources.Parsed, scorer.Description);
        }
    }

    // The log as it was, with each ranked run's results given rank and properties, and the run the ranker's name.
    private static void WriteLog(Utf8JsonWriter writer, JsonElement log, List<IReadOnlyList<DiagnosticScore>?> scoresByRun, string description)
    {
        writer.WriteStartObject();
        foreach (var property in log.EnumerateObject())
        {
            if (property.NameEquals("runs"))
            {
                writer.WritePropertyName(property.Name);
                writer.WriteStartArray();
                var index = 0;
                foreach (var run in property.Value.EnumerateArray())
                {
                    var scores = scoresByRun[index++];
                    if (scores is null)
                    {
                        run.WriteTo(writer);
                    }
                    else
                    {
                        WriteRun(writer, run, scores, description);
                    }
                }

                writer.WriteEndArray();
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter writer, JsonElement run, IReadOnlyList<DiagnosticScore> scores, string description)
    {
        writer.WriteStartObject();
        var wroteProperties = false;
        foreach (var property in run.EnumerateObject())
        {
            if (property.NameEquals("results"))
            {
                writer.WritePropertyName(property.Name);
                writer.WriteStartArray();
                var index = 0;
                foreach (var result in property.Value.EnumerateArray())
                {
                    if (result.ValueKind == JsonValueKind.Object)
                    {
                        WriteResult(writer, result, scores[index++]);
                    }
                    else
                    {
                        result.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
            }
            else if (property.NameEquals("properties") && property.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName(property.Name);
                WriteBag(writer, property.Value, ("mlguardRanker", null, description));
                wroteProperties = true;
            }
            else if (!property.NameEquals("properties"))
            {
                property.WriteTo(writer);
            }
        }

        if (!wroteProperties)
        {
            writer.WritePropertyName("properties");
            WriteBag(writer, default, ("mlguardRanker", null, description));
        }

        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, JsonElement result, DiagnosticScore score)
    {
        writer.WriteStartObject();
        var wroteRank = false;
        var wroteProperties = false;
        foreach (var property in result.EnumerateObject())
        {
            if (property.NameEquals("rank"))
            {
                writer.WriteNumber(property.Name, score.Rank);
                wroteRank = true;
            }
            else if (property.NameEquals("properties") && property.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName(property.Name);
                WriteBag(writer, property.Value, ("fixProbability", score.FixProbability, null), ("mlguardScore", score.Score, null));
                wroteProperties = true;
            }
            else if (!property.NameEquals("properties"))
            {
                property.WriteTo(writer);
            }
        }

        // New members go last, as a JsonObject would have appended them.
        if (!wroteRank)
        {
            writer.WriteNumber("rank", score.Rank);
        }

        if (!wroteProperties)
        {
            writer.WritePropertyName("properties");
            WriteBag(writer, default, ("fixProbability", score.FixProbability, null), ("mlguardScore", score.Score, null));
        }

        writer.WriteEndObject();
    }

    // A property bag: its members kept in order with ours replaced in place, ours that were missing appended.
    private static void WriteBag(Utf8JsonWriter writer, JsonElement bag, params (string Name, double? Number, string? Text)[] values)
    {
        writer.WriteStartObject();
        var written = new bool[values.Length];
        if (bag.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in bag.EnumerateObject())
            {
                var i = Array.FindIndex(values, v => property.NameEquals(v.Name));
                if (i < 0)
                {
                    property.WriteTo(writer);
                    continue;
                }

                Write(values[i]);
                written[i] = true;
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!written[i])
            {
                Write(values[i]);
            }
        }

        writer.WriteEndObject();

        void Write((string Name, double? Number, string? Text) value)
        {
            if (value.Text is not null)
            {
                writer.WriteString(value.Name, value.Text);
            }
            else
            {
                writer.WriteNumber(value.Name, value.Number!.Value);
            }
        }
    }

    private static DiagnosticFeatures Features(JsonElement result, Dictionary<int, (string Id, string Category, string? Level)> rulesByIndex, Dictionary<string, string> baseUris, string? sourceRoot, SourceCache sources, HistoryStatistics? history)
    {
        var ruleIndex = Int(result, "ruleIndex") ?? -1;
        var rule = rulesByIndex.TryGetValue(ruleIndex, out var r) ? r : default;
        var ruleId = String(result, "ruleId") ?? (result.TryGetProperty("rule", out var reference) ? String(reference, "id") : null) ?? rule.Id ?? "unknown";
        if (rule.Id is null)
        {
            rule = rulesByIndex.Values.FirstOrDefault(x => x.Id == ruleId);
        }

        var level = String(result, "level") ?? rule.Level;
        string? uri = null;
        string? uriBaseId = null;
        int startLine = 0, startColumn = 1, endLine = 0, endColumn = 1;
        if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
            && locations[0].ValueKind == JsonValueKind.Object && locations[0].TryGetProperty("physicalLocation", out var physical) && physical.ValueKind == JsonValueKind.Object)
        {
            if (physical.TryGetProperty("artifactLocation", out var artifact) && artifact.ValueKind == JsonValueKind.Object)
            {
                uri = String(artifact, "uri");
                uriBaseId = String(artifact, "uriBaseId");
            }

            if (physical.TryGetProperty("region", out var region) && region.ValueKind == JsonValueKind.Object)
            {
                startLine = Int(region, "startLine") ?? 0;
                startColumn = Int(region, "startColumn") ?? 1;
                endLine = Int(region, "endLine") ?? startLine;
                endColumn = Int(region, "endColumn") ?? startColumn;
            }
        }

        var (relative, full) = Resolve(uri, uriBaseId, baseUris, sourceRoot);
        var location = SyntaxLocation.Unknown;
        if (full is not null && startLine > 0 && sources.Get(full) is { } tree)
        {
            var text = tree.GetText();
            if (startLine <= text.Lines.Count)
            {
                var start = text.Lines[startLine - 1].Start + Math.Max(0, startColumn - 1);
                var end = endLine <= text.Lines.Count ? text.Lines[endLine - 1].Start + Math.Max(0, endColumn - 1) : start;
                start = Math.Min(start, text.Length);
                end = Math.Clamp(end, start, text.Length);
                location = SyntaxLocation.Of(tree.GetRoot(), TextSpan.FromBounds(start, end));
            }
        }

        var fileHistory = history?.FileHistories.GetValueOrDefault(relative);
        return new DiagnosticFeatures
        {
            RuleId = ruleId,
            Category = rule.Category ?? string.Empty,
            Severity = RuleFacts.SeverityValue(level),
            HasFix = RuleFacts.HasFix(ruleId),
            Path = relative,
            MemberKind = location.MemberKind,
            MemberLines = location.MemberLines,
            Nesting = location.Nesting,
            IsTest = RuleFacts.IsTestPath(relative),
            IsGenerated = RuleFacts.IsGeneratedPath(relative),
            FileAgeDays = fileHistory?.AgeDays ?? 0,
            FileChurn = fileHistory?.Churn ?? 0,
            FileAuthors = fileHistory?.Authors ?? 0,
            // Without blame, the line is taken to be as old as its file (an upper bound); the diagnostic is new.
            LineAgeDays = fileHistory?.AgeDays ?? 0,
            DiagnosticAgeDays = 0,
            Rates = history?.RatesFor(ruleId, relative) ?? OutcomeRates.None,
        };
    }

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static (string Relative, string? Full) Resolve(string? uri, string? uriBaseId, Dictionary<string, string> baseUris, string? sourceRoot)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return (string.Empty, null);
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile)
        {
            var local = absolute.LocalPath;
            var relativeToRoot = sourceRoot is null ? local : Path.GetRelativePath(sourceRoot, local);
            return (relativeToRoot.StartsWith("..", StringComparison.Ordinal) ? local.Replace('\\', '/') : relativeToRoot.Replace('\\', '/'), local);
        }

        var relative = Uri.UnescapeDataString(uri).Replace('\\', '/');
        var folder = uriBaseId is not null && baseUris.TryGetValue(uriBaseId, out var b) ? b : sourceRoot;
        return (relative, folder is null ? null : Path.Combine(folder, relative));
    }

    private static Dictionary<int, (string Id, string Category, string? Level)> RuleTable(JsonElement run)
    {
        var table = new Dictionary<int, (string, string, string?)>();
        if (run.TryGetProperty("tool", out var tool) && tool.ValueKind == JsonValueKind.Object
            && tool.TryGetProperty("driver", out var driver) && driver.ValueKind == JsonValueKind.Object
            && driver.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var rule in rules.EnumerateArray())
            {
                var id = String(rule, "id") ?? string.Empty;
                var category = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("properties", out var properties) ? String(properties, "category") ?? string.Empty : string.Empty;
                var level = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("defaultConfiguration", out var configuration) ? String(configuration, "level") : null;
                table[i++] = (id, category, level);
            }
        }

        return table;
    }

    private static Dictionary<string, string> BaseUris(JsonElement run, string? sourceRoot)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.TryGetProperty("originalUriBaseIds", out var bases) && bases.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in bases.EnumerateObject())
            {
                if (String(property.Value, "uri") is { } uri && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile && Directory.Exists(parsed.LocalPath))
                {
                    map[property.Name] = parsed.LocalPath;
                }
                else if (sourceRoot is not null)
                {
                    map[property.Name] = sourceRoot;
                }
            }
        }

        return map;
    }

    /// <summary>Each source file is read and parsed at most once per log.</summary>
    private sealed class SourceCache
    {
        private readonly Dictionary<string, SyntaxTree?> _trees = new(StringComparer.Ordinal);

        public int Parsed { get; private set; }

        public SyntaxTree? Get(string path)
        {
            if (_trees.TryGetValue(path, out var tree))
            {
                return tree;
            }

            tree = null;
            if (path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
            {
                tree = SyntaxLocation.Parse(File.ReadAllText(path), path).SyntaxTree;
                Parsed++;
            }

            _trees[path] = tree;
            return tree;
        }
    }
}
