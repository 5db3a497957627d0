using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Ranking.Mining;

/// <summary>One commit of the mined (first-parent) history.</summary>
/// <param name="Index">Position in time order, from 0.</param>
/// <param name="Sha">The commit id.</param>
/// <param name="When">The author time.</param>
/// <param name="Author">The author e-mail (or name).</param>
/// <param name="Message">The first line of the message.</param>
public sealed record MinedCommit(int Index, string Sha, DateTimeOffset When, string Author, string Message);

/// <summary>One diagnostic followed through history, from the commit it appeared at to its outcome.</summary>
public sealed class MinedDiagnostic
{
    /// <summary>The rule ID.</summary>
    public required string RuleId { get; init; }

    /// <summary>The root-relative path where it appeared.</summary>
    public required string Path { get; init; }

    /// <summary>The root-relative path it has now (after renames).</summary>
    public required string CurrentPath { get; set; }

    /// <summary>The enclosing symbol ("Type.Member").</summary>
    public required string Symbol { get; set; }

    /// <summary>The hash of the flagged code (whitespace removed).</summary>
    public required string CodeHash { get; set; }

    /// <summary>The 1-based line it appeared on.</summary>
    public int Line { get; init; }

    /// <summary>The commit index it first appeared at.</summary>
    public int BirthCommit { get; init; }

    /// <summary>What happened to it.</summary>
    public Outcome Outcome { get; set; } = Outcome.Pending;

    /// <summary>Why it is excluded, when <see cref="Outcome"/> is <see cref="Outcome.Excluded"/>.</summary>
    public string? ExclusionReason { get; set; }

    /// <summary>The commit index at which the outcome became known (int.MaxValue when never).</summary>
    public int KnownAt { get; set; } = int.MaxValue;

    /// <summary>Whether its code was edited (inside the outcome window) while it stayed.</summary>
    public bool Edited { get; set; }

    /// <summary>The root-relative path when its outcome was decided.</summary>
    public string? OutcomePath { get; set; }

    /// <summary>The features at <see cref="BirthCommit"/>; the rates are filled after the sweep.</summary>
    public DiagnosticFeatures Features { get; set; } = null!;

    /// <summary>Current 1-based line range while it is open (for "was its code touched").</summary>
    internal int StartLine { get; set; }

    internal int EndLine { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{RuleId} {Path}:{Line} {Symbol} -> {Outcome}";
}

/// <summary>Everything <c>mlguard learn</c> mined from a repository.</summary>
public sealed class MinedHistory
{
    /// <summary>The commits walked, oldest first.</summary>
    public required IReadOnlyList<MinedCommit> Commits { get; init; }

    /// <summary>Every diagnostic seen, in order of appearance.</summary>
    public required IReadOnlyList<MinedDiagnostic> Diagnostics { get; init; }

    /// <summary>The statistics at the last commit, stored with the model.</summary>
    public required HistoryStatistics Statistics { get; init; }

    /// <summary>How the code was compiled: "MSBuild (App.csproj)" or "loose mode".</summary>
    public required string Mode { get; init; }

    /// <summary>Things the summary must say (fallbacks, skipped files).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Commits at which documents were analyzed.</summary>
    public int AnalyzedCommits { get; init; }

    /// <summary>Commits per ranking group (snapshot).</summary>
    public int SnapshotSize { get; init; }

    /// <summary>Wall time of the walk.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The labelled diagnostics (excluded and undecided ones left out), for training and evaluation.</summary>
    /// <returns>The examples in order of appearance.</returns>
    public IReadOnlyList<TrainingExample> Examples()
        => [.. Diagnostics
            .Where(d => d.Outcome is Outcome.Fixed or Outcome.Suppressed or Outcome.StillPresentAfterEdit or Outcome.Ignored)
            .Select(d => new TrainingExample(d.Features.ToVector(), Grade(d.Outcome), d.Outcome == Outcome.Fixed, d.BirthCommit / SnapshotSize, d.BirthCommit, d.KnownAt))];

    /// <summary>The graded relevance of an outcome: fixed 2, left untouched 1, suppressed or kept after an edit 0.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The grade.</returns>
    public static int Grade(Outcome outcome) => outcome switch
    {
        Outcome.Fixed => 2,
        Outcome.Ignored => 1,
        _ => 0,
    };
}
