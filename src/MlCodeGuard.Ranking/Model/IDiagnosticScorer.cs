using MlCodeGuard.Ranking.Features;

namespace MlCodeGuard.Ranking.Model;

/// <summary>A diagnostic's score: the ranking key and the estimated probability that the team fixes it.</summary>
/// <param name="Score">Higher ranks first; only the order matters.</param>
/// <param name="Rank">The SARIF rank, 0–100 (higher is more important), order-preserving in <see cref="Score"/>.</param>
/// <param name="FixProbability">The calibrated probability that this diagnostic gets fixed.</param>
public readonly record struct DiagnosticScore(double Score, double Rank, double FixProbability);

/// <summary>Scores diagnostics: the learned ranker, or the embedded prior when there is none.</summary>
public interface IDiagnosticScorer
{
    /// <summary>A short description for reports, e.g. "prior (no trained model)" or "learned 2026-11-26 (LightGbm)".</summary>
    string Description { get; }

    /// <summary>History known to the scorer (null for the prior), used to fill history features.</summary>
    HistoryStatistics? History { get; }

    /// <summary>Scores a batch of diagnostics.</summary>
    /// <param name="features">The features of each diagnostic.</param>
    /// <returns>One score per input, in order.</returns>
    IReadOnlyList<DiagnosticScore> Score(IReadOnlyList<DiagnosticFeatures> features);
}
