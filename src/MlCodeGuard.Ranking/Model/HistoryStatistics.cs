using System.Text.Json.Serialization;
using MlCodeGuard.Ranking.Features;

namespace MlCodeGuard.Ranking.Model;

/// <summary>
/// What the learned history says at its last commit, kept with the model so that <c>rank</c> can compute the history
/// features of a SARIF result without walking git again: outcome counts per rule, file and folder, and per file its
/// age, churn and authors.
/// </summary>
public sealed class HistoryStatistics
{
    /// <summary>When the last mined commit was made; ages are measured from it.</summary>
    public DateTimeOffset AsOf { get; set; }

    /// <summary>Outcome counts per rule ID.</summary>
    public Dictionary<string, OutcomeCounts> Rules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Outcome counts per root-relative file path.</summary>
    public Dictionary<string, OutcomeCounts> Files { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Outcome counts per root-relative folder.</summary>
    public Dictionary<string, OutcomeCounts> Folders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Age, churn and authors per root-relative file path at <see cref="AsOf"/>.</summary>
    public Dictionary<string, FileHistory> FileHistories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The rates for a rule, file and folder (the prior where there is no history).</summary>
    /// <param name="ruleId">The rule ID.</param>
    /// <param name="path">The root-relative path.</param>
    /// <returns>The rates.</returns>
    public OutcomeRates RatesFor(string ruleId, string path)
    {
        var rule = Rules.GetValueOrDefault(ruleId) ?? Empty;
        var file = Files.GetValueOrDefault(path) ?? Empty;
        var folder = Folders.GetValueOrDefault(RuleFacts.Folder(path)) ?? Empty;
        return new OutcomeRates(rule.FixRate, rule.SuppressRate, rule.Resolved, file.FixRate, file.SuppressRate, folder.FixRate, folder.SuppressRate);
    }

    [JsonIgnore]
    private static OutcomeCounts Empty { get; } = new();
}

/// <summary>The history of one file at a point in time.</summary>
/// <param name="AgeDays">Days since it was added.</param>
/// <param name="Churn">Commits that changed it.</param>
/// <param name="Authors">Distinct authors of those commits.</param>
public sealed record FileHistory(float AgeDays, int Churn, int Authors);
