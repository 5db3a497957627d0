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

    /// <summary>Outcome counts per rule within a folder, keyed "rule|folder".</summary>
    public Dictionary<string, OutcomeCounts> RulesInFolders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Outcome counts over every resolved diagnostic.</summary>
    public OutcomeCounts All { get; set; } = new();

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
        var folderName = RuleFacts.Folder(path);
        var folder = Folders.GetValueOrDefault(folderName) ?? Empty;
        var pair = RulesInFolders.GetValueOrDefault(RuleInFolderKey(ruleId, folderName)) ?? Empty;

        // The pair's prior combines the rule's and the folder's rates on the log-odds scale (each relative to the
        // overall rate), so a pair never seen starts where the two marginals point; its own cases then take over.
        var overallFix = All.FixRateToward(OutcomeCounts.PriorRate, 1);
        var overallSuppress = All.SuppressRateToward(OutcomeCounts.PriorRate, 1);
        var fixPrior = Combine(rule.FixRateToward(overallFix, PairWeight), folder.FixRateToward(overallFix, PairWeight), overallFix);
        var suppressPrior = Combine(rule.SuppressRateToward(overallSuppress, PairWeight), folder.SuppressRateToward(overallSuppress, PairWeight), overallSuppress);
        return new OutcomeRates(
            rule.FixRate, rule.SuppressRate, rule.Resolved, file.FixRate, file.SuppressRate, folder.FixRate, folder.SuppressRate,
            pair.FixRateToward(fixPrior, PairWeight), pair.SuppressRateToward(suppressPrior, PairWeight), pair.Resolved);
    }

    /// <summary>Counts one resolved diagnostic under its rule, file, folder, rule in folder and overall.</summary>
    /// <param name="ruleId">The rule.</param>
    /// <param name="path">The root-relative path where the outcome happened.</param>
    /// <param name="outcome">The outcome.</param>
    public void Count(string ruleId, string path, Outcome outcome)
    {
        var folder = RuleFacts.Folder(path);
        Get(Rules, ruleId).Add(outcome);
        Get(Files, path).Add(outcome);
        Get(Folders, folder).Add(outcome);
        Get(RulesInFolders, RuleInFolderKey(ruleId, folder)).Add(outcome);
        All.Add(outcome);

        static OutcomeCounts Get(Dictionary<string, OutcomeCounts> map, string key)
        {
            if (!map.TryGetValue(key, out var counts))
            {
                map[key] = counts = new OutcomeCounts();
            }

            return counts;
        }
    }

    // How many cases a marginal's prior is worth when shrinking a sparse count.
    private const float PairWeight = 3f;

    private static string RuleInFolderKey(string ruleId, string folder) => ruleId + "|" + folder;

    private static float Combine(float a, float b, float overall)
    {
        static float Logit(float p) => MathF.Log(Math.Clamp(p, 1e-3f, 1 - 1e-3f) / (1 - Math.Clamp(p, 1e-3f, 1 - 1e-3f)));
        return 1f / (1f + MathF.Exp(-(Logit(a) + Logit(b) - Logit(overall))));
    }

    [JsonIgnore]
    private static OutcomeCounts Empty { get; } = new();
}

/// <summary>The history of one file at a point in time.</summary>
/// <param name="AgeDays">Days since it was added.</param>
/// <param name="Churn">Commits that changed it.</param>
/// <param name="Authors">Distinct authors of those commits.</param>
public sealed record FileHistory(float AgeDays, int Churn, int Authors);
