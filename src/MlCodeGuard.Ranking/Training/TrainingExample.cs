namespace MlCodeGuard.Ranking.Training;

/// <summary>One labelled diagnostic for training and evaluation.</summary>
/// <param name="Features">The feature vector (<see cref="Features.DiagnosticFeatures.ToVector"/>).</param>
/// <param name="Grade">The graded relevance: 2 fixed, 1 left untouched, 0 suppressed or kept after an edit.</param>
/// <param name="Fixed">Whether it was fixed (the binary label).</param>
/// <param name="Group">The snapshot it belongs to (ranking groups).</param>
/// <param name="Commit">The index of the commit it was first seen at (time order).</param>
/// <param name="KnownAt">The index of the commit at which its outcome became known.</param>
public sealed record TrainingExample(float[] Features, int Grade, bool Fixed, int Group, int Commit, int KnownAt = 0);
