using MlCodeGuard.Ranking.Features;

namespace MlCodeGuard.Ranking.Model;

/// <summary>
/// The embedded default: a fix probability per rule family, nudged by severity, by whether a fix exists, and down for
/// generated and test code. Used when no model has been learned (or the history had too little to learn from).
/// </summary>
/// <remarks>
/// The family priors follow what teams do with each kind of finding: schema errors make ML.NET throw, so they are
/// fixed nearly always; leakage silently inflates metrics and is usually fixed once seen; reproducibility findings are
/// often accepted; .NET CA rules and compiler warnings sit in the middle; style (IDE) findings are mostly left alone.
/// </remarks>
public sealed class PriorScorer : IDiagnosticScorer
{
    /// <summary>The shared instance.</summary>
    public static PriorScorer Instance { get; } = new();

    /// <inheritdoc/>
    public string Description => "prior per rule family (no trained model)";

    /// <inheritdoc/>
    public HistoryStatistics? History => null;

    /// <summary>The base fix probability of a family.</summary>
    /// <param name="family">The family.</param>
    /// <returns>A probability.</returns>
    public static double FamilyPrior(RuleFamily family) => family switch
    {
        RuleFamily.Schema => 0.80,
        RuleFamily.Leakage => 0.65,
        RuleFamily.Reproducibility => 0.45,
        RuleFamily.OtherMlg => 0.45,
        RuleFamily.Compiler => 0.40,
        RuleFamily.CodeAnalysis => 0.30,
        RuleFamily.Style => 0.15,
        _ => 0.25,
    };

    /// <summary>The prior fix probability of one diagnostic.</summary>
    /// <param name="features">Its features (rule, severity, fix, test/generated).</param>
    /// <returns>A probability in [0.01, 0.99].</returns>
    public static double Probability(DiagnosticFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var p = FamilyPrior(RuleFacts.Family(features.RuleId));
        p += features.Severity switch { 3 => 0.10, 2 => 0.0, 1 => -0.08, _ => -0.15 };
        p += features.HasFix ? 0.05 : 0.0;
        p -= features.IsGenerated ? 0.30 : 0.0;
        p -= features.IsTest ? 0.10 : 0.0;
        return Math.Clamp(p, 0.01, 0.99);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DiagnosticScore> Score(IReadOnlyList<DiagnosticFeatures> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var scores = new DiagnosticScore[features.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var p = Probability(features[i]);
            scores[i] = new DiagnosticScore(p, Math.Round(p * 100, 1), Math.Round(p, 4));
        }

        return scores;
    }
}
