using System.Collections.Immutable;
using System.Diagnostics;
using LibGit2Sharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Engine;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;

namespace MlCodeGuard.Ranking.Mining;

/// <summary>How to mine.</summary>
public sealed class MiningOptions
{
    /// <summary>A solution or project (relative to the repository, or absolute) to take compilation settings from.</summary>
    public string? Project { get; init; }

    /// <summary>Only commits authored at or after this time are walked.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Commits after its appearance within which a diagnostic's outcome must happen (default 100).</summary>
    public int Window { get; init; } = DefaultWindow;

    /// <summary>The window when none is given: 100 commits.</summary>
    public const int DefaultWindow = 100;

    /// <summary>The <see cref="MinedDiagnostic.ExclusionReason"/> of a diagnostic still inside its outcome window when the history ended.</summary>
    public const string EndOfHistory = "history ended inside the outcome window";

    /// <summary>Skip MSBuild and mine in loose mode (fast; what tests and benchmarks use).</summary>
    public bool LooseOnly { get; init; }

    /// <summary>The analyzers for loose mode; default every MlCodeGuard analyzer.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; init; }

    /// <summary>Receives notes (load mode, fallbacks).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called after each commit.</summary>
    public Action<MiningProgress>? Progress { get; init; }
}

/// <summary>Progress of a walk.</summary>
/// <param name="Done">Commits done.</param>
/// <param name="Total">Commits to walk.</param>
/// <param name="Elapsed">Time so far.</param>
public readonly record struct MiningProgress(int Done, int Total, TimeSpan Elapsed)
{
    /// <summary>Estimated time left, from the average so far.</summary>
    public TimeSpan Remaining => Done == 0 ? TimeSpan.Zero : Elapsed / Done * (Total - Done);
}

/// <summary>The repository cannot be mined; the message is the one-line reason.</summary>
public sealed class MiningException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Walks a repository's first-parent history oldest first, replays each commit's C# changes into one compilation,
/// analyzes the changed documents, follows every diagnostic (rule, file across renames, enclosing symbol, hash of the
/// flagged code) and labels what happened to it. Features are taken at the commit a diagnostic appears, from the walk
/// so far; past-outcome rates only count outcomes known strictly before that commit.
/// </summary>
public static class HistoryMiner
{
    /// <summary>Mines a repository.</summary>
    /// <param name="repositoryPath">The working directory of a non-shallow git repository.</param>
    /// <param name="options">How to mine.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The mined history.</returns>
    /// <exception cref="MiningException">Not a git repository, a shallow clone, no commits, or a named project that cannot load.</exception>
    public static async Task<MinedHistory> MineAsync(string repositoryPath, MiningOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = options.Log ?? (_ => { });
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath));
        if (!Directory.Exists(root))
        {
            throw new MiningException($"'{repositoryPath}' does not exist");
        }

        if (!Repository.IsValid(root))
        {
            throw new MiningException($"'{repositoryPath}' is not a git repository (give the folder that holds .git)");
        }

        using var repo = new Repository(root);
        if (repo.Info.IsShallow)
        {
            throw new MiningException($"'{repositoryPath}' is a shallow clone: its history is cut off (run 'git fetch --unshallow' first)");
        }

        var tip = repo.Head.Tip ?? throw new MiningException($"'{repositoryPath}' has no commits");
        var commits = repo.Commits
            .QueryBy(new CommitFilter { IncludeReachableFrom = tip, FirstParentOnly = true, SortBy = CommitSortStrategies.Topological })
            .Reverse()
            .Where(c => options.Since is null || c.Author.When >= options.Since)
            .ToList();
        if (commits.Count == 0)
        {
            throw new MiningException($"'{repositoryPath}' has no commit since {options.Since:yyyy-MM-dd}");
        }

        var notes = new List<string>();
        using var workspace = await CreateWorkspaceAsync(root, options, notes, log, cancellationToken).ConfigureAwait(false);
        var walk = new Walk(repo, workspace, options, commits);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < commits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await walk.StepAsync(i, cancellationToken).ConfigureAwait(false);
            options.Progress?.Invoke(new MiningProgress(i + 1, commits.Count, stopwatch.Elapsed));
        }

        walk.Finish();
        if (workspace.UnownedFiles > 0)
        {
            notes.Add($"{workspace.UnownedFiles} file version(s) outside the loaded projects were analyzed in loose mode");
        }

        var mined = walk.Commits;
        var statistics = FillRates(walk.Diagnostics, walk.Files.Values, mined[^1].When);
        return new MinedHistory
        {
            Commits = mined,
            Diagnostics = walk.Diagnostics,
            Statistics = statistics,
            Mode = workspace.Mode,
            Notes = notes,
            AnalyzedCommits = walk.AnalyzedCommits,
            SnapshotSize = Math.Max(1, commits.Count / 25),
            Elapsed = stopwatch.Elapsed,
        };
    }

    private static async Task<MiningWorkspace> CreateWorkspaceAsync(string root, MiningOptions options, List<string> notes, Action<string> log, CancellationToken cancellationToken)
    {
        var analyzers = options.Analyzers.IsDefaultOrEmpty ? AnalyzerCatalog.All : options.Analyzers;
        if (options.LooseOnly)
        {
            return MiningWorkspace.CreateLoose(root, analyzers);
        }

        AnalysisTarget target;
        try
        {
            target = AnalysisTarget.Resolve(options.Project is null ? root : Path.Combine(root, options.Project));
        }
        catch (AnalysisLoadException e)
        {
            if (options.Project is not null)
            {
                throw new MiningException(e.Message, e);
            }

            notes.Add($"no single project to load ({e.Message}): mined in loose mode");
            return MiningWorkspace.CreateLoose(root, analyzers);
        }

        if (target.Kind == TargetKind.Loose)
        {
            return MiningWorkspace.CreateLoose(root, analyzers);
        }

        try
        {
            return await MiningWorkspace.CreateFromMSBuildAsync(root, target, log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            var reason = e.Message.Split('\n')[0].Trim();
            if (options.Project is not null)
            {
                throw new MiningException($"project '{options.Project}' cannot be loaded: {reason}", e);
            }

            notes.Add($"the projects could not be loaded ({reason}): mined in loose mode");
            return MiningWorkspace.CreateLoose(root, analyzers);
        }
    }

    /// <summary>Fills each diagnostic's past-outcome rates from outcomes known strictly before its commit; returns the final statistics.</summary>
    private static HistoryStatistics FillRates(IReadOnlyList<MinedDiagnostic> diagnostics, IEnumerable<FileState> files, DateTimeOffset asOf)
    {
        var statistics = new HistoryStatistics { AsOf = asOf };
        var events = diagnostics
            .Where(d => d.Outcome is not Outcome.Pending and not Outcome.Excluded && d.KnownAt != int.MaxValue)
            .OrderBy(d => d.KnownAt)
            .ToList();
        var next = 0;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.BirthCommit))
        {
            while (next < events.Count && events[next].KnownAt < diagnostic.BirthCommit)
            {
                Count(statistics, events[next++]);
            }

            diagnostic.Features = diagnostic.Features with { Rates = statistics.RatesFor(diagnostic.RuleId, diagnostic.Path) };
        }

        while (next < events.Count)
        {
            Count(statistics, events[next++]);
        }

        foreach (var file in files)
        {
            statistics.FileHistories[file.Path] = new FileHistory((float)(asOf - file.Created).TotalDays, file.Churn, file.Authors.Count);
        }

        return statistics;
    }

    private static void Count(HistoryStatistics statistics, MinedDiagnostic resolved)
        => statistics.Count(resolved.RuleId, resolved.OutcomePath ?? resolved.CurrentPath, resolved.Outcome);

    /// <summary>The state of one walk.</summary>
    private sealed class Walk(Repository repo, MiningWorkspace workspace, MiningOptions options, List<Commit> commits)
    {
        private static readonly CompareOptions s_compare = new() { Similarity = SimilarityOptions.Renames, ContextLines = 0, InterhunkLines = 0 };
        private readonly Queue<MinedDiagnostic> _pending = new();
        private Tree? _previous;

        public Dictionary<string, FileState> Files { get; } = new(StringComparer.Ordinal);

        public List<MinedDiagnostic> Diagnostics { get; } = [];

        public List<MinedCommit> Commits { get; } = [];

        public int AnalyzedCommits { get; private set; }

        public async Task StepAsync(int index, CancellationToken cancellationToken)
        {
            var commit = commits[index];
            var when = commit.Author.When;
            var author = string.IsNullOrEmpty(commit.Author.Email) ? commit.Author.Name : commit.Author.Email;
            Commits.Add(new MinedCommit(index, commit.Sha, when, author, commit.MessageShort));

            var changes = new Dictionary<string, Change>(StringComparer.Ordinal);
            var configChanged = false;
            using (var patch = repo.Diff.Compare<Patch>(_previous, commit.Tree, s_compare))
            {
                foreach (var entry in patch)
                {
                    if (IsConfig(entry.Path) || IsConfig(entry.OldPath))
                    {
                        if (entry.Status == ChangeKind.Renamed && IsConfig(entry.OldPath))
                        {
                            workspace.SetConfig(entry.OldPath, null);
                        }

                        workspace.SetConfig(entry.Path, entry.Status == ChangeKind.Deleted || !IsConfig(entry.Path) ? null : SourceText.From(Text(entry.Oid)));
                        configChanged = true;
                        continue;
                    }

                    switch (entry.Status)
                    {
                        case ChangeKind.Deleted when IsCSharp(entry.Path):
                            Delete(entry.Path, index);
                            break;
                        case ChangeKind.Added or ChangeKind.Modified or ChangeKind.Renamed:
                            if (entry.Status == ChangeKind.Renamed && IsCSharp(entry.OldPath) && !IsCSharp(entry.Path))
                            {
                                Delete(entry.OldPath, index);
                                break;
                            }

                            if (IsCSharp(entry.Path))
                            {
                                changes[entry.Path] = Apply(entry, when, author, index);
                            }

                            break;
                    }
                }
            }

            _previous = commit.Tree;
            var toAnalyze = configChanged ? workspace.DocumentPaths.ToList() : changes.Keys.Where(p => Files.ContainsKey(p)).ToList();
            if (toAnalyze.Count > 0)
            {
                AnalyzedCommits++;
                var observations = await workspace.AnalyzeAsync(toAnalyze, cancellationToken).ConfigureAwait(false);
                foreach (var path in toAnalyze)
                {
                    if (Files.TryGetValue(path, out var file))
                    {
                        await TrackAsync(file, observations.GetValueOrDefault(path) ?? [], changes.GetValueOrDefault(path), index, when, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            CloseWindows(index);
        }

        public void Finish()
        {
            foreach (var diagnostic in Diagnostics.Where(d => d.Outcome == Outcome.Pending))
            {
                Decide(diagnostic, Outcome.Excluded, int.MaxValue, MiningOptions.EndOfHistory);
            }
        }

        private Change Apply(PatchEntryChanges entry, DateTimeOffset when, string author, int index)
        {
            FileState? file = null;
            if (entry.Status == ChangeKind.Renamed && Files.Remove(entry.OldPath, out file))
            {
                workspace.SetDocument(entry.OldPath, null);
                file.Path = entry.Path;
                foreach (var open in file.Open)
                {
                    open.CurrentPath = entry.Path;
                }
            }

            file ??= Files.GetValueOrDefault(entry.Path) ?? new FileState(entry.Path, when);
            Files[entry.Path] = file;

            var text = Text(entry.Oid);
            var deleted = entry.DeletedLines.Select(l => l.LineNumber).ToHashSet();
            var added = entry.AddedLines.Select(l => l.LineNumber).ToHashSet();
            var oldLines = file.LineTimes.Count;
            file.ApplyLineChanges(deleted, added, FileState.CountLines(text), when);
            file.Churn++;
            file.Authors.Add(author);
            workspace.SetDocument(entry.Path, SourceText.From(text));

            // A large rewrite replaces the code wholesale: what disappears with it was not fixed one by one.
            var rewrite = oldLines >= 10 && deleted.Count > oldLines * 0.6;
            return new Change(deleted, rewrite);
        }

        private void Delete(string path, int index)
        {
            if (Files.Remove(path, out var file))
            {
                foreach (var open in file.Open)
                {
                    Decide(open, Outcome.Excluded, index, "file deleted");
                }
            }

            workspace.SetDocument(path, null);
        }

        private async Task TrackAsync(FileState file, List<Observation> observations, Change? change, int index, DateTimeOffset when, CancellationToken cancellationToken)
        {
            var unmatched = observations.ToList();
            var stillOpen = new List<MinedDiagnostic>();
            var gone = new List<MinedDiagnostic>();
            var matches = new List<(MinedDiagnostic Old, Observation New, bool CodeChanged)>();

            // Identity first (rule, symbol, code); then the same rule in the same symbol with changed code; then the
            // same code under a renamed symbol.
            var remaining = file.Open.ToList();
            Match(remaining, unmatched, matches, (d, o) => d.Symbol == o.Location.Symbol && d.CodeHash == o.CodeHash, codeChanged: false);
            Match(remaining, unmatched, matches, (d, o) => d.Symbol == o.Location.Symbol, codeChanged: true);
            Match(remaining, unmatched, matches, (d, o) => d.CodeHash == o.CodeHash, codeChanged: false);
            gone.AddRange(remaining);

            foreach (var (old, now, codeChanged) in matches)
            {
                var touched = codeChanged || (change is not null && change.Deleted.Any(l => l >= old.StartLine && l <= old.EndLine));
                old.Symbol = now.Location.Symbol;
                old.CodeHash = now.CodeHash;
                old.StartLine = now.StartLine;
                old.EndLine = now.EndLine;
                if (now.IsSuppressed)
                {
                    Decide(old, Outcome.Suppressed, index, null);
                    continue;
                }

                if (touched && old.Outcome == Outcome.Pending)
                {
                    old.Edited = true;
                }

                stillOpen.Add(old);
            }

            foreach (var old in gone)
            {
                if (old.Outcome != Outcome.Pending)
                {
                    continue;
                }

                if (await workspace.IsTurnedOffAsync(file.Path, old.RuleId, cancellationToken).ConfigureAwait(false))
                {
                    Decide(old, Outcome.Suppressed, index, null);
                }
                else if (change is null)
                {
                    Decide(old, Outcome.Excluded, index, "disappeared after a configuration change");
                }
                else if (change.Rewrite)
                {
                    Decide(old, Outcome.Excluded, index, "large rewrite");
                }
                else
                {
                    Decide(old, Outcome.Fixed, index, null);
                }
            }

            foreach (var now in unmatched.Where(o => !o.IsSuppressed))
            {
                var born = new MinedDiagnostic
                {
                    RuleId = now.RuleId,
                    Path = file.Path,
                    CurrentPath = file.Path,
                    Symbol = now.Location.Symbol,
                    CodeHash = now.CodeHash,
                    Line = now.StartLine,
                    StartLine = now.StartLine,
                    EndLine = now.EndLine,
                    BirthCommit = index,
                    Features = new DiagnosticFeatures
                    {
                        RuleId = now.RuleId,
                        Category = now.Category,
                        Severity = now.Severity,
                        HasFix = RuleFacts.HasFix(now.RuleId),
                        Path = file.Path,
                        MemberKind = now.Location.MemberKind,
                        MemberLines = now.Location.MemberLines,
                        Nesting = now.Location.Nesting,
                        IsTest = RuleFacts.IsTestPath(file.Path),
                        IsGenerated = RuleFacts.IsGeneratedPath(file.Path),
                        FileAgeDays = (float)(when - file.Created).TotalDays,
                        FileChurn = file.Churn,
                        FileAuthors = file.Authors.Count,
                        LineAgeDays = now.StartLine - 1 < file.LineTimes.Count ? (float)(when - file.LineTimes[now.StartLine - 1]).TotalDays : 0,
                        DiagnosticAgeDays = 0,
                    },
                };
                Diagnostics.Add(born);
                _pending.Enqueue(born);
                stillOpen.Add(born);
            }

            file.Open = [.. stillOpen.OrderBy(d => d.StartLine)];
        }

        private static void Match(List<MinedDiagnostic> remaining, List<Observation> unmatched, List<(MinedDiagnostic, Observation, bool)> matches, Func<MinedDiagnostic, Observation, bool> same, bool codeChanged)
        {
            for (var i = 0; i < remaining.Count; i++)
            {
                var old = remaining[i];
                var found = unmatched.FindIndex(o => o.RuleId == old.RuleId && same(old, o));
                if (found < 0)
                {
                    continue;
                }

                var now = unmatched[found];
                matches.Add((old, now, codeChanged && now.CodeHash != old.CodeHash));
                unmatched.RemoveAt(found);
                remaining.RemoveAt(i--);
            }
        }

        private void CloseWindows(int index)
        {
            while (_pending.Count > 0 && _pending.Peek().BirthCommit + options.Window <= index)
            {
                var diagnostic = _pending.Dequeue();
                if (diagnostic.Outcome == Outcome.Pending)
                {
                    Decide(diagnostic, diagnostic.Edited ? Outcome.StillPresentAfterEdit : Outcome.Ignored, index, null);
                }
            }
        }

        private static void Decide(MinedDiagnostic diagnostic, Outcome outcome, int index, string? reason)
        {
            if (diagnostic.Outcome != Outcome.Pending)
            {
                return;
            }

            diagnostic.Outcome = outcome;
            diagnostic.KnownAt = index;
            diagnostic.ExclusionReason = reason;
            diagnostic.OutcomePath = diagnostic.CurrentPath;
        }

        private string Text(ObjectId id) => repo.Lookup<Blob>(id).GetContentText();

        private static bool IsCSharp(string path) => path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

        private static bool IsConfig(string path) => Path.GetFileName(path) is ".editorconfig" or ".globalconfig";
    }

    private sealed record Change(HashSet<int> Deleted, bool Rewrite);
}
