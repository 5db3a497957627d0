using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Engine;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;

namespace MlCodeGuard.Ranking.Sarif;

/// <summary>Orders the diagnostics of an <c>analyze</c> run by score (<c>mlguard analyze --rank</c>).</summary>
public static class AnalysisRanker
{
    /// <summary>Returns the result with its diagnostics sorted by descending score (ties keep report order).</summary>
    /// <param name="result">The analysis result.</param>
    /// <param name="scorer">The scorer.</param>
    /// <returns>A result with the same content in ranked order.</returns>
    public static AnalysisResult Order(AnalysisResult result, IDiagnosticScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scorer);
        var trees = new Dictionary<string, SyntaxNode?>(StringComparer.Ordinal);
        var features = result.Diagnostics.Select(d => Features(d, scorer.History, trees)).ToList();
        var scores = scorer.Score(features);
        var ordered = result.Diagnostics
            .Select((d, i) => (d, i))
            .OrderByDescending(p => scores[p.i].Score)
            .ThenBy(p => p.i)
            .Select(p => p.d)
            .ToList();
        return new AnalysisResult(result.Target, ordered, result.Rules, result.AnalyzerFailures, result.ProjectCount, result.FileCount, result.CompileErrorCount);
    }

    /// <summary>The features of a reported diagnostic (location features from its file, history from the scorer).</summary>
    /// <param name="diagnostic">The diagnostic.</param>
    /// <param name="history">The learned history, or null.</param>
    /// <param name="trees">A cache of parsed files.</param>
    /// <returns>The features.</returns>
    internal static DiagnosticFeatures Features(ReportedDiagnostic diagnostic, HistoryStatistics? history, Dictionary<string, SyntaxNode?> trees)
    {
        var path = diagnostic.RelativePath ?? string.Empty;
        var location = SyntaxLocation.Unknown;
        if (diagnostic.FilePath is { } file && diagnostic.StartLine > 0)
        {
            if (!trees.TryGetValue(file, out var root))
            {
                root = File.Exists(file) ? SyntaxLocation.Parse(File.ReadAllText(file), file) : null;
                trees[file] = root;
            }

            if (root is not null)
            {
                var text = root.SyntaxTree.GetText();
                if (diagnostic.StartLine <= text.Lines.Count && diagnostic.EndLine <= text.Lines.Count)
                {
                    var start = Math.Min(text.Lines[diagnostic.StartLine - 1].Start + diagnostic.StartColumn - 1, text.Length);
                    var end = Math.Clamp(text.Lines[diagnostic.EndLine - 1].Start + diagnostic.EndColumn - 1, start, text.Length);
                    location = SyntaxLocation.Of(root, TextSpan.FromBounds(start, end));
                }
            }
        }

        var fileHistory = history?.FileHistories.GetValueOrDefault(path);
        return new DiagnosticFeatures
        {
            RuleId = diagnostic.Id,
            Category = diagnostic.Descriptor.Category,
            Severity = RuleFacts.SeverityValue(diagnostic.Severity),
            HasFix = RuleFacts.HasFix(diagnostic.Id),
            Path = path,
            MemberKind = location.MemberKind,
            MemberLines = location.MemberLines,
            Nesting = location.Nesting,
            IsTest = RuleFacts.IsTestPath(path),
            IsGenerated = RuleFacts.IsGeneratedPath(path),
            FileAgeDays = fileHistory?.AgeDays ?? 0,
            FileChurn = fileHistory?.Churn ?? 0,
            FileAuthors = fileHistory?.Authors ?? 0,
            LineAgeDays = fileHistory?.AgeDays ?? 0,
            DiagnosticAgeDays = 0,
            Rates = history?.RatesFor(diagnostic.Id, path) ?? OutcomeRates.None,
        };
    }
}
