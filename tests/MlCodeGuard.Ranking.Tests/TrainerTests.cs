using Microsoft.ML;
using MlCodeGuard.Ranking.Evaluation;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Ranking.Tests;

public sealed class TrainerTests
{
    private static readonly int s_ruleInFolderFixRate = DiagnosticFeatures.Names.ToList().IndexOf("ruleInFolder.fixRate");
    private static readonly int s_fileChurn = DiagnosticFeatures.Names.ToList().IndexOf("fileChurn");

    /// <summary>
    /// Seeded examples whose outcome follows the rule-in-folder fix rate and the file's churn (with 10% of labels
    /// flipped), in snapshots of 20: what a team's history looks like to the trainer.
    /// </summary>
    private static List<TrainingExample> Examples(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<TrainingExample>();
        for (var i = 0; i < count; i++)
        {
            var features = new float[DiagnosticFeatures.Names.Count];
            features[s_ruleInFolderFixRate] = (float)random.NextDouble();
            features[s_fileChurn] = random.Next(1, 60);
            var fixes = features[s_ruleInFolderFixRate] + (features[s_fileChurn] / 60f) > 1f;
            var fixedNow = random.NextDouble() < 0.1 ? !fixes : fixes;
            examples.Add(new TrainingExample(features, fixedNow ? 2 : 0, fixedNow, i / 20, i, i));
        }

        return examples;
    }

    [Fact]
    public void Every_candidate_configuration_learns_a_signal_that_holds_on_later_data()
    {
        var train = Examples(400, seed: 1);
        var test = Examples(200, seed: 2);
        var labels = test.Select(e => e.Fixed).ToList();
        var context = new MLContext(seed: 0);
        Assert.Contains(RankingConfig.Candidates, c => c.Algorithm == RankingAlgorithm.Logistic);
        foreach (var candidate in RankingConfig.Candidates)
        {
            var auc = Metrics.RocAuc(labels, RankerTrainer.ScoreRanking(context, RankerTrainer.FitRanking(context, train, candidate), test));
            Assert.True(auc > 0.8, $"{candidate}: ROC-AUC {auc:0.000} on held-out data");
        }
    }

    [Fact]
    public void A_logistic_ranking_model_is_saved_and_loaded_with_the_same_scores()
    {
        using var folder = new TempFolder();
        var train = Examples(300, seed: 3);
        var context = new MLContext(seed: 0);
        var logistic = RankerTrainer.FitRanking(context, train, new RankingConfig(RankingAlgorithm.Logistic, BinaryLabel: true, Small: false));
        var ranker = new LearnedRanker(context, logistic, RankerTrainer.FitBinary(context, train), new RankerManifest { Algorithm = "logistic regression (binary label)", FeatureNames = [.. DiagnosticFeatures.Names] }, new HistoryStatistics());
        var path = Path.Combine(folder.Path, "ranker.zip");
        ranker.Save(path);

        var rows = new[] { (Rate: 0.9f, Churn: 50), (Rate: 0.5f, Churn: 20), (Rate: 0.1f, Churn: 2) }
            .Select(r => new DiagnosticFeatures
            {
                RuleId = "CS0219",
                FileChurn = r.Churn,
                Rates = OutcomeRates.None with { RuleInFolderFixRate = r.Rate },
            })
            .ToList();
        Assert.Equal(s_ruleInFolderFixRate, Array.IndexOf(rows[0].ToVector(), 0.9f));
        var before = ranker.Score(rows);
        var after = LearnedRanker.Load(path).Score(rows);

        Assert.Equal(before.Select(s => s.Score), after.Select(s => s.Score));
        Assert.Equal(before.Select(s => s.Rank), after.Select(s => s.Rank));
        // The signal it learned: a higher fix rate in a busier file ranks first.
        Assert.True(before[0].Score > before[1].Score && before[1].Score > before[2].Score, string.Join(", ", before.Select(s => s.Score)));
    }
    [Fact]
    public void Diagnostics_the_model_cannot_tell_apart_are_ordered_by_the_prior_and_different_scores_keep_their_order()
    {
        // The model learns from the fix rate and the churn only; the rule is nothing to it. So a schema error and a
        // style finding with the same rate and churn end in the same leaves: the prior (schema far above style) decides.
        var train = Examples(300, seed: 4);
        var context = new MLContext(seed: 0);
        var ranking = RankerTrainer.FitRanking(context, train, new RankingConfig(RankingAlgorithm.FastTree, BinaryLabel: true, Small: true));
        var ranker = new LearnedRanker(context, ranking, RankerTrainer.FitBinary(context, train), new RankerManifest { Algorithm = "FastTree (binary label, small)", FeatureNames = [.. DiagnosticFeatures.Names] }, new HistoryStatistics());
        DiagnosticFeatures Row(string rule, float rate) => new()
        {
            RuleId = rule,
            Severity = 2,
            FileChurn = 20,
            Rates = OutcomeRates.None with { RuleInFolderFixRate = rate },
        };

        var tied = ranker.Score([Row("IDE0005", 0.5f), Row("MLG3001", 0.5f)]);
        Assert.True(tied[1].Score > tied[0].Score, $"MLG3001 {tied[1]} vs IDE0005 {tied[0]}");
        Assert.True(tied[1].Rank > tied[0].Rank, $"MLG3001 {tied[1]} vs IDE0005 {tied[0]}");
        Assert.InRange(tied[1].Score - tied[0].Score, 1e-9, 1e-3); // a nudge, not a new score

        // What the model does tell apart stays in its order, whatever the prior says.
        var apart = ranker.Score([Row("IDE0005", 0.95f), Row("MLG3001", 0.05f)]);
        Assert.True(apart[0].Score > apart[1].Score && apart[0].Rank > apart[1].Rank, $"IDE0005 {apart[0]} vs MLG3001 {apart[1]}");
    }

    [Fact]
    public void Breaking_ties_never_reorders_different_scores()
    {
        // Scores 1e-6 apart (the smallest gap) with the priors pulling the other way: the nudge stays below a quarter of it.
        var features = new[] { "IDE0005", "MLG3001", "MLG3001", "IDE0005", "CS0168" }
            .Select(rule => new DiagnosticFeatures { RuleId = rule, Severity = 2 })
            .ToList();
        float[] scores = [1.000001f, 1f, 1f, 3f, -2f];

        var broken = LearnedRanker.BreakTies(scores, features);

        Assert.Equal([3, 0, 1, 2, 4], Enumerable.Range(0, 5).OrderByDescending(i => broken[i]).ThenBy(i => i).ToArray());
        Assert.True(broken[1] == broken[2]); // the same rule and prior: still equal
        Assert.True(broken[0] > broken[1]);
    }
}
