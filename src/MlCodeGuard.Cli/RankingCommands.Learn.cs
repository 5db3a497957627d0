using System.Globalization;
using MlCodeGuard.Ranking.Evaluation;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Mining;
using MlCodeGuard.Ranking.Model;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Cli;

/// <summary><c>learn</c> and <c>evaluate-ranker</c>: mine the history, then train or evaluate.</summary>
public static partial class RankingCommands
{
    private static async Task<int> LearnAsync(Options options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var history = await MineAsync(options, stderr, cancellationToken).ConfigureAwait(false);
        if (history is null)
        {
            return ExitCodes.UsageOrLoadError;
        }

        WriteSummary(history, stdout);
        var modelPath = Path.GetFullPath(options.Model ?? Path.Combine(options.Path, LearnedRanker.DefaultRelativePath));
        LearnedRanker ranker;
        try
        {
            ranker = RankerTrainer.Train(history.Examples(), history.Statistics, line => stdout.WriteLine("  " + line));
        }
        catch (NotEnoughHistoryException e)
        {
            stdout.WriteLine($"No usable history ({e.Message}): no model written; the prior per rule family ranks instead.");
            if (WindowHint(history, options) is { } hint)
            {
                stdout.WriteLine(hint);
            }

            return ExitCodes.Clean;
        }

        ranker.Manifest.Source = $"{Path.GetFileName(Path.GetFullPath(options.Path))} {history.Commits[0].Sha[..7]}..{history.Commits[^1].Sha[..7]} ({history.Commits.Count} commits, {history.Mode})";
        try
        {
            ranker.Save(modelPath);
            if (options.GlobalConfig is not null)
            {
                File.WriteAllText(options.GlobalConfig, GlobalConfigWriter.Write(history.Statistics));
                stdout.WriteLine($"Wrote {options.GlobalConfig}.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot write the model '{modelPath}': {e.Message}");
        }

        stdout.WriteLine($"Saved {modelPath} (manifest: {Path.ChangeExtension(modelPath, ".json")}).");
        return ExitCodes.Clean;
    }

    private static async Task<int> EvaluateAsync(Options options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var history = await MineAsync(options, stderr, cancellationToken).ConfigureAwait(false);
        if (history is null)
        {
            return ExitCodes.UsageOrLoadError;
        }

        WriteSummary(history, stdout);
        var labelled = history.Diagnostics.Where(d => d.Outcome is Outcome.Fixed or Outcome.Suppressed or Outcome.StillPresentAfterEdit or Outcome.Ignored).ToList();
        EvaluationReport report;
        try
        {
            report = RankerEvaluator.Evaluate(history.Examples(), [.. labelled.Select(d => d.RuleId)], options.Folds ?? 5);
        }
        catch (NotEnoughHistoryException e)
        {
            return Fail(stderr, "cannot evaluate: " + e.Message);
        }

        WriteReport(report, stdout);
        return ExitCodes.Clean;
    }

    /// <summary>Writes the evaluation table.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteReport(EvaluationReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Rolling time-ordered evaluation: {report.Folds} folds, {report.TestDiagnostics} diagnostics tested once each, base rate (share fixed) {report.BaseRate:0.000}."));
        if (report.PriorFolds > 0)
        {
            writer.WriteLine($"{report.PriorFolds} fold(s) had too little earlier history to learn from; the severity order ranked there.");
        }

        writer.WriteLine();
        writer.WriteLine("Method                          ROC-AUC  PR-AUC  P@10   nDCG@10  Recall@20%  FalseAlarms");
        writer.WriteLine("------------------------------  -------  ------  -----  -------  ----------  -----------");
        foreach (var m in report.Methods)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m.Name,-30}  {m.RocAuc,7:0.000}  {m.PrAuc,6:0.000}  {m.PrecisionAt10,5:0.000}  {m.NdcgAt10,7:0.000}  {m.RecallAtTop20,10:0.000}  {m.FalseAlarms,11:0.00}"));
        }
    }

    private static async Task<MinedHistory?> MineAsync(Options options, TextWriter stderr, CancellationToken cancellationToken)
    {
        var progress = new ProgressLine(stderr);
        try
        {
            return await HistoryMiner.MineAsync(options.Path, new MiningOptions
            {
                Project = options.Project,
                Since = options.Since,
                Window = options.Window ?? MiningOptions.DefaultWindow,
                Log = line => stderr.WriteLine("mlguard: " + line),
                Progress = progress.Report,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (MiningException e)
        {
            progress.End();
            Fail(stderr, e.Message);
            return null;
        }
        finally
        {
            progress.End();
        }
    }

    /// <summary>
    /// When most diagnostics never got an outcome because the history is shorter than the outcome window: which window
    /// would label them (a quarter of the history, so that three quarters of it can still be labelled), or null.
    /// </summary>
    private static string? WindowHint(MinedHistory history, Options options)
    {
        var open = history.Diagnostics.Count(d => d.ExclusionReason == MiningOptions.EndOfHistory);
        var window = options.Window ?? MiningOptions.DefaultWindow;
        var shorter = history.Commits.Count / 4;
        if (open == 0 || open * 2 < history.Diagnostics.Count || shorter < 1 || shorter >= window)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{open} of the {history.Diagnostics.Count} diagnostics were still inside their {window}-commit outcome window when the history ({history.Commits.Count} commits) ended: a shorter window labels them, e.g. --window {shorter} (a diagnostic nobody touches for that many commits then counts as not fixed).");
    }

    private static void WriteSummary(MinedHistory history, TextWriter stdout)
    {
        var outcomes = history.Diagnostics.GroupBy(d => d.Outcome).ToDictionary(g => g.Key, g => g.Count());
        int N(Outcome o) => outcomes.GetValueOrDefault(o);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Mined {history.Commits.Count} commits ({history.AnalyzedCommits} changed C# or analyzer config) in {history.Elapsed.TotalSeconds:0.0} s, {history.Mode}: {history.Diagnostics.Count} diagnostics followed."));
        stdout.WriteLine($"Outcomes: fixed {N(Outcome.Fixed)}, suppressed {N(Outcome.Suppressed)}, still present after edit {N(Outcome.StillPresentAfterEdit)}, untouched {N(Outcome.Ignored)}, excluded {N(Outcome.Excluded)}.");
        foreach (var note in history.Notes)
        {
            stdout.WriteLine("Note: " + note);
        }
    }

    /// <summary>A progress bar with commits done and ETA on a terminal; a plain line every 10% when stderr is redirected.</summary>
    private sealed class ProgressLine(TextWriter stderr)
    {
        private readonly bool _terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        private int _lastDecile = -1;
        private bool _open;

        public void Report(MiningProgress progress)
        {
            var eta = progress.Remaining;
            var text = string.Create(CultureInfo.InvariantCulture, $"{progress.Done}/{progress.Total} commits, ETA {(int)eta.TotalMinutes}:{eta.Seconds:00}");
            if (_terminal)
            {
                const int width = 30;
                var filled = progress.Total == 0 ? width : progress.Done * width / progress.Total;
                stderr.Write($"\rmlguard: [{new string('#', filled)}{new string('.', width - filled)}] {text}   ");
                _open = true;
                return;
            }

            var decile = progress.Total == 0 ? 10 : progress.Done * 10 / progress.Total;
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                stderr.WriteLine("mlguard: mined " + text);
            }
        }

        public void End()
        {
            if (_open)
            {
                stderr.WriteLine();
                _open = false;
            }
        }
    }
}
