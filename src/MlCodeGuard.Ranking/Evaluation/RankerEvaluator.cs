using Microsoft.ML;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Ranking.Evaluation;

/// <summary>The protocol's numbers for one ranking method.</summary>
/// <param name="Name">The method.</param>
/// <param name="RocAuc">ROC-AUC (mean over folds).</param>
/// <param name="PrAuc">PR-AUC as average precision (mean over folds).</param>
/// <param name="PrecisionAt10">Precision@10 (mean over snapshots).</param>
/// <param name="NdcgAt10">nDCG@10 on graded labels (mean over snapshots).</param>
/// <param name="RecallAtTop20">Recall when reading the top 20% (mean over snapshots).</param>
/// <param name="FalseAlarms">Not-fixed diagnostics read before the first fixed one (mean over snapshots).</param>
public sealed record MethodResult(string Name, double RocAuc, double PrAuc, double PrecisionAt10, double NdcgAt10, double RecallAtTop20, double FalseAlarms);

/// <summary>What <c>evaluate-ranker</c> reports.</summary>
/// <param name="Folds">Time-ordered test folds.</param>
/// <param name="TestDiagnostics">Diagnostics tested (each once).</param>
/// <param name="BaseRate">Share of tested diagnostics that were fixed (PR-AUC of a random ranking).</param>
/// <param name="Methods">Any reference scores first, then the learned ranking model and the learned fix-probability model, then the baselines.</param>
/// <param name="PriorFolds">Folds whose training prefix was too small to learn from (the prior ranked there).</param>
public sealed record EvaluationReport(int Folds, int TestDiagnostics, double BaseRate, IReadOnlyList<MethodResult> Methods, int PriorFolds);

/// <summary>
/// Rolling time-ordered evaluation. The labelled diagnostics, in order of appearance, are cut into <c>folds + 1</c>
/// equal parts; fold k tests part k with a model trained on the diagnostics that appeared before it and whose outcome
/// was known before it began. Every diagnostic is tested once. The baselines see the same test sets.
/// </summary>
public static class RankerEvaluator
{
    /// <summary>The baselines, in report order.</summary>
    public static readonly IReadOnlyList<string> Baselines = ["random", "severity", "Kim & Ernst category weights", "per-rule past fix rate", "newest first"];

    private static readonly int s_severity = Index("severity");
    private static readonly int s_ruleFixRate = Index("rule.fixRate");
    private static readonly int s_lineAge = Index("lineAgeDays");

    /// <summary>Runs the protocol.</summary>
    /// <param name="examples">Labelled diagnostics.</param>
    /// <param name="ruleIds">The rule ID of each example (for the category-weight baseline).</param>
    /// <param name="folds">Test folds (default 5).</param>
    /// <param name="references">
    /// Reference scores known outside the history, one per example in input order, scored on the same folds and
    /// reported first: e.g. a generated history's true fix probabilities (the Bayes oracle, the ceiling any ranker can
    /// reach on it). Never used for training.
    /// </param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(IReadOnlyList<TrainingExample> examples, IReadOnlyList<string> ruleIds, int folds = 5, IReadOnlyList<(string Name, IReadOnlyList<double> Scores)>? references = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        references ??= [];
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Commit).ThenBy(i => i).ToArray();
        var sorted = order.Select(i => examples[i]).ToList();
        var rules = order.Select(i => ruleIds[i]).ToList();
        var referenceScores = references.Select(r => (r.Name, Scores: order.Select(i => r.Scores[i]).ToList())).ToList();
        var methods = referenceScores.Select(r => r.Name).Concat(["learned ranker", "learned fix probability"]).Concat(Baselines).ToList();
        var scoresByMethod = methods.ToDictionary(m => m, _ => new List<(List<TrainingExample> Test, float[] Scores)>());
        var priorFolds = 0;
        var tested = new List<TrainingExample>();
        var partSize = sorted.Count / (folds + 1);
        if (partSize == 0)
        {
            throw new NotEnoughHistoryException($"only {sorted.Count} labelled diagnostics: too few for {folds} folds");
        }

        for (var k = 1; k <= folds; k++)
        {
            var start = k * partSize;
            var end = k == folds ? sorted.Count : (k + 1) * partSize;
            var firstCommit = sorted[start].Commit;
            // Keep commits whole: a commit's diagnostics belong to one fold.
            while (start < end && start > 0 && sorted[start - 1].Commit == firstCommit)
            {
                start++;
            }

            if (start >= end)
            {
                continue;
            }

            firstCommit = sorted[start].Commit;
            var test = sorted.Skip(start).Take(end - start).ToList();
            var testRules = rules.Skip(start).Take(end - start).ToList();
            var train = sorted.Take(start).Where(e => e.KnownAt < firstCommit).ToList();
            var trainRules = rules.Take(start).Where((_, i) => sorted[i].KnownAt < firstCommit).ToList();
            tested.AddRange(test);

            float[] learned;
            float[] probability;
            try
            {
                var context = new MLContext(seed: 0);
                // The configuration is picked as learn picks it: on a time-ordered validation split of this fold's
                // training data; the test fold is never seen.
                var (model, _) = RankerTrainer.SelectRanking(context, Check(train), RankingConfig.Candidates, _ => { });
                learned = RankerTrainer.ScoreRanking(context, model, test);
                probability = RankerTrainer.ScoreBinary(context, RankerTrainer.FitBinary(context, train), test);
            }
            catch (NotEnoughHistoryException)
            {
                priorFolds++;
                learned = probability = [.. test.Select(e => e.Features[s_severity])];
            }

            // Each baseline breaks its ties with its own seeded jitter, so two baselines that tie everywhere do not
            // come out identical by sharing one tie order.
            var random = new Random(k);
            foreach (var (name, scores) in referenceScores)
            {
                var referenceJitter = new Random(-k);
                scoresByMethod[name].Add((test, [.. scores.Skip(start).Take(end - start).Select(v => (float)(v + (referenceJitter.NextDouble() * 1e-4)))]));
            }

            float[] Jitter() => [.. test.Select(_ => (float)(random.NextDouble() * 1e-3))];
            scoresByMethod["learned ranker"].Add((test, learned));
            scoresByMethod["learned fix probability"].Add((test, probability));
            scoresByMethod["random"].Add((test, [.. test.Select(_ => (float)random.NextDouble())]));
            var severityJitter = Jitter();
            scoresByMethod["severity"].Add((test, [.. test.Select((e, i) => e.Features[s_severity] + severityJitter[i])]));
            var weights = KimErnstWeights(train, trainRules);
            var kimJitter = Jitter();
            scoresByMethod["Kim & Ernst category weights"].Add((test, [.. testRules.Select((r, i) => weights.GetValueOrDefault(r) + kimJitter[i])]));
            var rateJitter = Jitter();
            scoresByMethod["per-rule past fix rate"].Add((test, [.. test.Select((e, i) => e.Features[s_ruleFixRate] + rateJitter[i])]));
            var newestJitter = Jitter();
            scoresByMethod["newest first"].Add((test, [.. test.Select((e, i) => -e.Features[s_lineAge] + newestJitter[i])]));
        }

        var results = methods.Select(m => Summarize(m, scoresByMethod[m])).ToList();
        var baseRate = tested.Count == 0 ? double.NaN : tested.Count(e => e.Fixed) / (double)tested.Count;
        return new EvaluationReport(folds, tested.Count, baseRate, results, priorFolds);
    }

    private static List<TrainingExample> Check(List<TrainingExample> train)
        => train.Count >= RankerTrainer.MinimumExamples && train.Any(e => e.Fixed) && !train.All(e => e.Fixed)
            ? train
            : throw new NotEnoughHistoryException("too little history before this fold");

    /// <summary>
    /// Kim &amp; Ernst (FSE 2007) history-based warning prioritisation: a category's weight grows each time one of its
    /// warnings is removed by a fixing change, w ← w + α(1 − w), α = 0.2, from 0; here the category is the rule.
    /// </summary>
    private static Dictionary<string, float> KimErnstWeights(List<TrainingExample> train, List<string> rules)
    {
        const float alpha = 0.2f;
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var i in Enumerable.Range(0, train.Count).OrderBy(i => train[i].KnownAt))
        {
            if (train[i].Fixed)
            {
                var w = weights.GetValueOrDefault(rules[i]);
                weights[rules[i]] = w + (alpha * (1 - w));
            }
        }

        return weights;
    }

    private static MethodResult Summarize(string name, List<(List<TrainingExample> Test, float[] Scores)> folds)
    {
        double Mean(IEnumerable<double> values)
        {
            var defined = values.Where(v => !double.IsNaN(v)).ToList();
            return defined.Count == 0 ? double.NaN : defined.Average();
        }

        var auc = Mean(folds.Select(f => Metrics.RocAuc([.. f.Test.Select(e => e.Fixed)], f.Scores)));
        var ap = Mean(folds.Select(f => Metrics.AveragePrecision([.. f.Test.Select(e => e.Fixed)], f.Scores)));

        // The list a team reads is a snapshot: the diagnostics that appeared in one group of commits.
        var snapshots = folds.SelectMany(f => Enumerable.Range(0, f.Test.Count).GroupBy(i => f.Test[i].Group)
            .Select(g => (Labels: g.Select(i => f.Test[i].Fixed).ToList(), Grades: g.Select(i => f.Test[i].Grade).ToList(), Scores: g.Select(i => f.Scores[i]).ToList())))
            .ToList();
        var withFix = snapshots.Where(s => s.Labels.Contains(true)).ToList();
        return new MethodResult(
            name,
            auc,
            ap,
            Mean(snapshots.Select(s => Metrics.PrecisionAt10(s.Labels, s.Scores))),
            Mean(snapshots.Select(s => Metrics.NdcgAt10(s.Grades, s.Scores))),
            Mean(withFix.Select(s => Metrics.RecallAtTop20Percent(s.Labels, s.Scores))),
            Mean(withFix.Select(s => Metrics.FalseAlarmsBeforeFirstActionable(s.Labels, s.Scores))));
    }

    private static int Index(string name) => DiagnosticFeatures.Names.ToList().IndexOf(name);
}
