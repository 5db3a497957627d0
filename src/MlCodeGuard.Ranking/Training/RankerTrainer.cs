using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlCodeGuard.Ranking.Evaluation;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Model;

namespace MlCodeGuard.Ranking.Training;

/// <summary>Why no model could be trained, in one line.</summary>
public sealed class NotEnoughHistoryException(string message) : Exception(message);

/// <summary>
/// Trains the two models of the learned ranker with ML.NET: a ranking model on graded labels grouped per snapshot
/// (LightGBM lambdarank or FastTree ranking, whichever wins nDCG@10 on a time-ordered validation split) and a FastTree
/// binary model whose Platt-calibrated output is the fix probability.
/// </summary>
public static class RankerTrainer
{
    /// <summary>Fewer labelled diagnostics than this is "no usable history".</summary>
    public const int MinimumExamples = 10;

    /// <summary>Trains on the examples (in any order; they are time-sorted here).</summary>
    /// <param name="examples">Labelled diagnostics.</param>
    /// <param name="history">History statistics stored with the model.</param>
    /// <param name="log">Receives one line per candidate and the pick.</param>
    /// <returns>The trained ranker.</returns>
    /// <exception cref="NotEnoughHistoryException">Too few examples, or only one outcome.</exception>
    public static LearnedRanker Train(IReadOnlyList<TrainingExample> examples, HistoryStatistics history, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        log ??= _ => { };
        var ordered = examples.OrderBy(e => e.Commit).ToList();
        var positives = ordered.Count(e => e.Fixed);
        if (ordered.Count < MinimumExamples)
        {
            throw new NotEnoughHistoryException($"only {ordered.Count} labelled diagnostics in the history (at least {MinimumExamples} are needed)");
        }

        if (positives == 0 || positives == ordered.Count)
        {
            throw new NotEnoughHistoryException(positives == 0
                ? $"none of the {ordered.Count} labelled diagnostics was ever fixed"
                : $"all {ordered.Count} labelled diagnostics were fixed: nothing to rank against");
        }

        var stopwatch = Stopwatch.StartNew();
        var context = new MLContext(seed: 0);

        // Time-ordered validation: the last fifth of the snapshots, never shuffled.
        var algorithm = RankingAlgorithm.LightGbm;
        var groups = ordered.Select(e => e.Group).Distinct().Order().ToList();
        var cut = groups.Count >= 5 ? groups[(int)(groups.Count * 0.8)] : int.MaxValue;
        var train = ordered.Where(e => e.Group < cut).ToList();
        var validation = ordered.Where(e => e.Group >= cut).ToList();
        if (train.Count >= MinimumExamples && validation.Count > 0 && train.Any(e => e.Fixed) && validation.Any(e => e.Fixed))
        {
            var best = double.NegativeInfinity;
            foreach (var candidate in Enum.GetValues<RankingAlgorithm>())
            {
                var model = FitRanking(context, train, candidate);
                var scores = ScoreRanking(context, model, validation);
                var ndcg = Metrics.MeanPerGroup(validation, scores, Metrics.NdcgAt10);
                log($"validation nDCG@10 {candidate}: {ndcg:0.000} ({train.Count} train / {validation.Count} validation diagnostics)");
                if (ndcg > best + 1e-9)
                {
                    (best, algorithm) = (ndcg, candidate);
                }
            }
        }

        var ranking = FitRanking(context, ordered, algorithm);
        var binary = FitBinary(context, ordered);
        log($"trained {algorithm} ranking + FastTree fix probability on {ordered.Count} diagnostics ({positives} fixed) in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        var manifest = new RankerManifest
        {
            Algorithm = algorithm.ToString(),
            TrainedAt = history.AsOf,
            ExampleCount = ordered.Count,
            FixedCount = positives,
            SnapshotCount = groups.Count,
            FeatureNames = [.. DiagnosticFeatures.Names],
        };
        return new LearnedRanker(context, ranking, binary, manifest, history);
    }

    /// <summary>Scores examples with a fitted ranking model (used by evaluation and validation).</summary>
    internal static float[] ScoreRanking(MLContext context, ITransformer model, IReadOnlyList<TrainingExample> examples)
    {
        var data = context.Data.LoadFromEnumerable(examples.Select(e => new FeatureRow { Features = e.Features }), FeatureRow.Schema());
        return [.. context.Data.CreateEnumerable<RankingPrediction>(model.Transform(data), reuseRowObject: false).Select(p => p.Score)];
    }

    /// <summary>Scores examples with a fitted fix-probability model.</summary>
    internal static float[] ScoreBinary(MLContext context, ITransformer model, IReadOnlyList<TrainingExample> examples)
    {
        var data = context.Data.LoadFromEnumerable(examples.Select(e => new FeatureRow { Features = e.Features }), FeatureRow.Schema());
        return [.. context.Data.CreateEnumerable<FixPrediction>(model.Transform(data), reuseRowObject: false).Select(p => p.Probability)];
    }

    /// <summary>Fits a ranking model.</summary>
    internal static ITransformer FitRanking(MLContext context, IReadOnlyList<TrainingExample> examples, RankingAlgorithm algorithm)
    {
        var rows = examples.Select(e => new RankRow { Features = e.Features, Label = e.Grade, GroupId = (uint)e.Group }).ToList();
        var data = context.Data.LoadFromEnumerable(rows, RankRow.Schema());
        var keyed = context.Transforms.Conversion.MapValueToKey(nameof(RankRow.GroupId)).Fit(data).Transform(data);
        var leaf = MinimumLeaf(examples.Count);
        IEstimator<ITransformer> trainer = algorithm switch
        {
            RankingAlgorithm.FastTree => context.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = nameof(RankRow.GroupId),
                NumberOfTrees = 100,
                NumberOfLeaves = 16,
                MinimumExampleCountPerLeaf = leaf,
                NumberOfThreads = 1,
            }),
            _ => context.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = nameof(RankRow.GroupId),
                NumberOfIterations = 100,
                NumberOfLeaves = 16,
                MinimumExampleCountPerLeaf = leaf,
                LearningRate = 0.1,
                NumberOfThreads = 1,
                Seed = 0,
                Silent = true,
            }),
        };
        return trainer.Fit(keyed);
    }

    /// <summary>Fits the calibrated fix-probability model.</summary>
    internal static ITransformer FitBinary(MLContext context, IReadOnlyList<TrainingExample> examples)
    {
        var rows = examples.Select(e => new FixRow { Features = e.Features, Label = e.Fixed }).ToList();
        var data = context.Data.LoadFromEnumerable(rows, FixRow.Schema());
        var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(FixRow.Label),
            FeatureColumnName = nameof(FixRow.Features),
            NumberOfTrees = 100,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = MinimumLeaf(examples.Count),
            NumberOfThreads = 1,
        });
        return trainer.Fit(data);
    }

    // Small histories still need splits: 20 cases per leaf (the trainers' default) would leave a single leaf.
    private static int MinimumLeaf(int count) => Math.Clamp(count / 20, 1, 20);
}

/// <summary>The ranking learners tried.</summary>
public enum RankingAlgorithm
{
    /// <summary>LightGBM lambdarank.</summary>
    LightGbm,

    /// <summary>FastTree (LambdaMART).</summary>
    FastTree,
}

internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public static SchemaDefinition Schema() => WithVectorSize(SchemaDefinition.Create(typeof(FeatureRow)));

    internal static SchemaDefinition WithVectorSize(SchemaDefinition schema)
    {
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, DiagnosticFeatures.Names.Count);
        return schema;
    }
}

internal sealed class RankRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }

    public uint GroupId { get; set; }

    public static SchemaDefinition Schema() => FeatureRow.WithVectorSize(SchemaDefinition.Create(typeof(RankRow)));
}

internal sealed class FixRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public static SchemaDefinition Schema() => FeatureRow.WithVectorSize(SchemaDefinition.Create(typeof(FixRow)));
}

internal sealed class RankingPrediction
{
    public float Score { get; set; }
}

internal sealed class FixPrediction
{
    public float Probability { get; set; }
}
