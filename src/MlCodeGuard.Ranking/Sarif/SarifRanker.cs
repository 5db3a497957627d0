using System.Text.Json;
using System.Text.Json.Nodes;
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
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("not valid JSON: " + e.Message, e);
        }

        if (root is not JsonObject log || log["runs"] is not JsonArray runs)
        {
            throw new InvalidDataException("not a SARIF log (no 'runs' array)");
        }

        var sources = new SourceCache();
        var total = 0;
        foreach (var run in runs.OfType<JsonObject>())
        {
            if (run["results"] is not JsonArray results)
            {
                continue;
            }

            var rules = RuleTable(run);
            var baseUris = BaseUris(run, sourceRoot);
            var ranked = new List<JsonObject>();
            var features = new List<DiagnosticFeatures>();
            foreach (var result in results.OfType<JsonObject>())
            {
                ranked.Add(result);
                features.Add(Features(result, rules, baseUris, sourceRoot, sources, scorer.History));
            }

            var scores = scorer.Score(features);
            for (var i = 0; i < ranked.Count; i++)
            {
                var result = ranked[i];
                result["rank"] = scores[i].Rank;
                if (result["properties"] is not JsonObject properties)
                {
                    properties = [];
                    result["properties"] = properties;
                }

                properties["fixProbability"] = scores[i].FixProbability;
                properties["mlguardScore"] = Math.Round(scores[i].Score, 5);
            }

            if (run["properties"] is not JsonObject runProperties)
            {
                runProperties = [];
                run["properties"] = runProperties;
            }

            runProperties["mlguardRanker"] = scorer.Description;
            total += ranked.Count;
        }

        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        log.WriteTo(writer);
        writer.Flush();
        output.WriteByte((byte)'\n');
        return new SarifRankSummary(total, sources.Parsed, scorer.Description);
    }

    private static DiagnosticFeatures Features(JsonObject result, Dictionary<int, (string Id, string Category, string? Level)> rulesByIndex, Dictionary<string, string> baseUris, string? sourceRoot, SourceCache sources, HistoryStatistics? history)
    {
        var ruleIndex = result["ruleIndex"] is JsonValue index && index.TryGetValue(out int i) ? i : -1;
        var rule = rulesByIndex.TryGetValue(ruleIndex, out var r) ? r : default;
        var ruleId = (string?)result["ruleId"] ?? (string?)result["rule"]?["id"] ?? rule.Id ?? "unknown";
        if (rule.Id is null)
        {
            rule = rulesByIndex.Values.FirstOrDefault(x => x.Id == ruleId);
        }

        var level = (string?)result["level"] ?? rule.Level;
        var physical = result["locations"]?[0]?["physicalLocation"];
        var uri = (string?)physical?["artifactLocation"]?["uri"];
        var uriBaseId = (string?)physical?["artifactLocation"]?["uriBaseId"];
        var region = physical?["region"];
        var startLine = (int?)region?["startLine"] ?? 0;
        var startColumn = (int?)region?["startColumn"] ?? 1;
        var endLine = (int?)region?["endLine"] ?? startLine;
        var endColumn = (int?)region?["endColumn"] ?? startColumn;

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

    private static Dictionary<int, (string Id, string Category, string? Level)> RuleTable(JsonObject run)
    {
        var table = new Dictionary<int, (string, string, string?)>();
        if (run["tool"]?["driver"]?["rules"] is JsonArray rules)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                var id = (string?)rule?["id"] ?? string.Empty;
                var category = (string?)rule?["properties"]?["category"] ?? string.Empty;
                var level = (string?)rule?["defaultConfiguration"]?["level"];
                table[i] = (id, category, level);
            }
        }

        return table;
    }

    private static Dictionary<string, string> BaseUris(JsonObject run, string? sourceRoot)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run["originalUriBaseIds"] is JsonObject bases)
        {
            foreach (var (name, value) in bases)
            {
                if ((string?)value?["uri"] is { } uri && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile && Directory.Exists(parsed.LocalPath))
                {
                    map[name] = parsed.LocalPath;
                }
                else if (sourceRoot is not null)
                {
                    map[name] = sourceRoot;
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
