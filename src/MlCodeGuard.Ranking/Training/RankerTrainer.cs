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
/// Trains the two models of the learned ranker with ML.NET: a ranking model on labels grouped per snapshot (LightGBM
/// lambdarank or FastTree ranking in four settings each, or a logistic regression; whichever has the best ROC-AUC of
/// "fixed" on a time-ordered validation split, see <see cref="RankingConfig.Candidates"/>) and a FastTree binary model
/// whose Platt-calibrated output is the fix probability.
/// </summary>
public static class RankerTrainer
{
    /// <summary>The most recent labelled diagnostics the configuration is chosen on.</summary>
    public const int SelectionLimit = 10_000;

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
        var (ranking, config) = SelectRanking(context, ordered, RankingConfig.Candidates, log);
        var binary = FitBinary(context, ordered);
        var groups = ordered.Select(e => e.Group).Distinct().Count();
        log($"trained {config} ranking + FastTree fix probability on {ordered.Count} diagnostics ({positives} fixed) in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        var manifest = new RankerManifest
        {
            Algorithm = config.ToString(),
            TrainedAt = history.AsOf,
            ExampleCount = ordered.Count,
            FixedCount = positives,
            SnapshotCount = groups,
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

    /// <summary>
    /// Picks the ranking configuration on a time-ordered validation split of the given examples (the last fifth of
    /// their snapshots; the rest, restricted to outcomes known before that fifth began, trains), by validation ROC-AUC
    /// of "fixed", then refits the winner on all of them. Too little history for a split keeps the first candidate.
    /// </summary>
    /// <param name="context">The ML.NET context.</param>
    /// <param name="ordered">The examples in time order (training data only: never a test fold).</param>
    /// <param name="candidates">The configurations, the default first.</param>
    /// <param name="log">Receives one line per candidate.</param>
    /// <returns>The refitted model and its configuration.</returns>
    internal static (ITransformer Model, RankingConfig Config) SelectRanking(MLContext context, IReadOnlyList<TrainingExample> ordered, IReadOnlyList<RankingConfig> candidates, Action<string> log)
    {
        var best = candidates[0];
        var all = ordered;

        // A long history selects on its latest SelectionLimit diagnostics, so choosing stays cheap; the refit uses all.
        ordered = ordered.Count > SelectionLimit ? [.. ordered.Skip(ordered.Count - SelectionLimit)] : ordered;
        var groups = ordered.Select(e => e.Group).Distinct().Order().ToList();
        if (groups.Count >= 5 && candidates.Count > 1)
        {
            var cut = groups[(int)(groups.Count * 0.8)];
            var validation = ordered.Where(e => e.Group >= cut).ToList();
            var validationStart = validation.Count == 0 ? int.MaxValue : validation.Min(e => e.Commit);
            var train = ordered.Where(e => e.Group < cut && e.KnownAt < validationStart).ToList();
            if (train.Count >= MinimumExamples && train.Any(e => e.Fixed) && !train.All(e => e.Fixed) && validation.Any(e => e.Fixed) && !validation.All(e => e.Fixed))
            {
                var labels = validation.Select(e => e.Fixed).ToList();
                var bestAuc = double.NegativeInfinity;
                foreach (var candidate in candidates)
                {
                    double auc;
                    try
                    {
                        auc = Metrics.RocAuc(labels, ScoreRanking(context, FitRanking(context, train, candidate), validation));
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                    {
                        // ML.NET's FastTree cannot build its model when a tree found no split (tiny data): skip it.
                        log($"validation {candidate}: not fitted ({e.GetType().Name})");
                        continue;
                    }

                    log($"validation ROC-AUC {candidate}: {auc:0.000} ({train.Count} train / {validation.Count} validation diagnostics)");
                    if (auc > bestAuc + 1e-9)
                    {
                        (bestAuc, best) = (auc, candidate);
                    }
                }
            }
        }

        try
        {
            return (FitRanking(context, all, best), best);
        }
        catch (Exception e) when ((e is ArgumentException or InvalidOperationException) && best != candidates[0])
        {
            return (FitRanking(context, all, candidates[0]), candidates[0]);
        }
    }

    /// <summary>Fits a ranking model with the default configuration of an algorithm.</summary>
    internal static ITransformer FitRanking(MLContext context, IReadOnlyList<TrainingExample> examples, RankingAlgorithm algorithm)
        => FitRanking(context, examples, new RankingConfig(algorithm, BinaryLabel: false, Small: false));

    /// <summary>Fits a ranking model.</summary>
    internal static ITransformer FitRanking(MLContext context, IReadOnlyList<TrainingExample> examples, RankingConfig config)
    {
        if (config.Algorithm == RankingAlgorithm.Logistic)
        {
            // A linear model of the standardized features (fixed or not): few parameters, so it learns from a short
            // history where the tree ensembles still overfit.
            var fixRows = context.Data.LoadFromEnumerable(examples.Select(e => new FixRow { Features = e.Features, Label = e.Fixed }), FixRow.Schema());
            return context.Transforms.NormalizeMeanVariance(nameof(FixRow.Features))
                .Append(context.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(FixRow.Label), nameof(FixRow.Features)))
                .Fit(fixRows);
        }

        var rows = examples.Select(e => new RankRow { Features = e.Features, Label = config.BinaryLabel ? (e.Fixed ? 1 : 0) : e.Grade, GroupId = (uint)e.Group }).ToList();
        var data = context.Data.LoadFromEnumerable(rows, RankRow.Schema());
        var keyed = context.Transforms.Conversion.MapValueToKey(nameof(RankRow.GroupId)).Fit(data).Transform(data);
        var leaf = config.Small ? Math.Max(MinimumLeaf(examples.Count), Math.Min(10, examples.Count / 10)) : MinimumLeaf(examples.Count);
        var leaves = config.Small ? 4 : 16;
        var trees = config.Small ? 60 : 100;
        var rate = config.Small ? 0.05 : 0.1;
        IEstimator<ITransformer> trainer = config.Algorithm switch
        {
            RankingAlgorithm.FastTree => context.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = nameof(RankRow.GroupId),
                NumberOfTrees = trees,
                NumberOfLeaves = leaves,
                MinimumExampleCountPerLeaf = leaf,
                LearningRate = rate,
                NumberOfThreads = 1,
            }),
            _ => context.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = nameof(RankRow.GroupId),
                NumberOfIterations = trees,
                NumberOfLeaves = leaves,
                MinimumExampleCountPerLeaf = leaf,
                LearningRate = rate,
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

/// <summary>One ranking configuration tried on the validation split.</summary>
/// <param name="Algorithm">The learner.</param>
/// <param name="BinaryLabel">Train on fixed (1) versus not (0) instead of the graded label (fixed 2, untouched 1, else 0).</param>
/// <param name="Small">A small ensemble (4 leaves, 60 trees, learning rate 0.05, at least 10 cases a leaf) instead of 16 leaves, 100 trees, 0.1.</param>
public sealed record RankingConfig(RankingAlgorithm Algorithm, bool BinaryLabel, bool Small)
{
    /// <summary>
    /// The configurations <c>learn</c> and the evaluation choose from, the default first: LightGBM and FastTree, each
    /// with graded and binary labels, large and small, and a logistic regression (few parameters: it can win on a short
    /// history). Fixed in advance; only the validation split picks among them.
    /// </summary>
    public static IReadOnlyList<RankingConfig> Candidates { get; } =
    [
        .. from algorithm in new[] { RankingAlgorithm.LightGbm, RankingAlgorithm.FastTree }
           from binary in new[] { false, true }
           from small in new[] { false, true }
           select new RankingConfig(algorithm, binary, small),
        new RankingConfig(RankingAlgorithm.Logistic, BinaryLabel: true, Small: false),
    ];

    /// <inheritdoc/>
    public override string ToString() => Algorithm == RankingAlgorithm.Logistic
        ? "logistic regression (binary label)"
        : $"{Algorithm} ({(BinaryLabel ? "binary" : "graded")} label, {(Small ? "small" : "large")})";
}

/// <summary>The ranking learners tried.</summary>
public enum RankingAlgorithm
{
    /// <summary>LightGBM lambdarank.</summary>
    LightGbm,

    /// <summary>FastTree (LambdaMART).</summary>
    FastTree,

    /// <summary>L-BFGS logistic regression on standardized features, trained on fixed versus not.</summary>
    Logistic,
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
