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
}
