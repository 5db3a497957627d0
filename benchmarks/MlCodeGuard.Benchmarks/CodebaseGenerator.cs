using System.Globalization;
using System.Text;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// Writes a synthetic but realistic C# codebase, deterministically (same files, byte for byte, on every run).
/// The ML.NET codebase mixes training apps (loaders, splits, Append chains, trainers, Evaluate, CrossValidate,
/// Model.Save), serving code (Model.Load, PredictionEngine) and plain classes, so every MlCodeGuard rule has work to
/// do and most code is the kind rules must look at and let go. The plain codebase has the same plain classes and
/// no ML.NET at all: it measures what a project that does not use ML.NET pays.
/// </summary>
public static class CodebaseGenerator
{
    public const int DefaultFileCount = 200;

    /// <summary>The ML.NET-heavy codebase: three of four files use ML.NET, one in four is plain code.</summary>
    public static IReadOnlyList<(string Path, string Text)> GenerateMl(int fileCount = DefaultFileCount)
    {
        var files = new List<(string, string)>(fileCount);
        for (var i = 0; i < fileCount; i++)
        {
            if (i % 4 == 3)
            {
                files.Add(($"Plain/Plain{i:D3}.cs", PlainFile(i)));
                continue;
            }

            int kind = i / 4 * 3 + i % 4;
            string text = (kind % 8) switch
            {
                0 => RegressionTraining(i),
                1 => BinaryFastTreeTraining(i, deterministic: false),
                2 => BinaryFastTreeTraining(i, deterministic: true),
                3 => MulticlassTraining(i),
                4 => CrossValidation(i),
                5 => PredictionService(i),
                6 => TextClassification(i),
                _ => TrainerWithContextField(i),
            };
            files.Add(($"Ml/Ml{i:D3}.cs", text));
        }
        return files;
    }

    /// <summary>A codebase of the same size that never mentions ML.NET.</summary>
    public static IReadOnlyList<(string Path, string Text)> GeneratePlain(int fileCount = DefaultFileCount)
    {
        var files = new List<(string, string)>(fileCount);
        for (var i = 0; i < fileCount; i++)
        {
            files.Add(($"Plain/Plain{i:D3}.cs", PlainFile(i)));
        }
        return files;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Header(int i, bool ml) => F($$"""
        // Benchmark input file {{i}}. (No auto-generated marker: analyzers skip generated code.)
        using System;
        using System.Collections.Generic;
        using System.Linq;
        {{(ml ? "using Microsoft.ML;\nusing Microsoft.ML.Data;\n" : "")}}
        namespace Bench.Module{{i % 10}};

        """);

    // A data class with [LoadColumn] members: a mix of numeric features, a categorical string and the label.
    private static string InputClass(int i, string labelType) => F($$"""
        public sealed class Input{{i}}
        {
            [LoadColumn(0)] public float Feature0 { get; set; }
            [LoadColumn(1)] public float Feature1 { get; set; }
            [LoadColumn(2)] public float Feature2 { get; set; }
            [LoadColumn(3)] public float Feature3 { get; set; }
            [LoadColumn(4)] public string Region { get; set; } = "";
            [LoadColumn(5)] public {{labelType}} Label { get; set; }
        }

        """);

    private static string Helpers(int i) => F($$"""
            private static string Describe(IEnumerable<double> values)
            {
                var list = values.ToList();
                if (list.Count == 0)
                {
                    return "no values";
                }
                double mean = list.Average();
                double max = list.Max();
                return $"mean {mean:F3}, max {max:F3}, n {list.Count} (module {{i}})";
            }

            private static string ResolvePath(string root, string name)
                => System.IO.Path.Combine(root, "data", name + ".csv");

        """);

    private static string RegressionTraining(int i) => Header(i, ml: true) + InputClass(i, "float") + F($$"""
        public sealed class Prediction{{i}}
        {
            public float Score { get; set; }
        }

        public static class RegressionTrainer{{i}}
        {
            public static string Train(string root)
            {
                var mlContext = new MLContext();
                IDataView data = mlContext.Data.LoadFromTextFile<Input{{i}}>(ResolvePath(root, "sales{{i}}"), separatorChar: ',', hasHeader: true);
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                var pipeline = mlContext.Transforms.Categorical.OneHotEncoding("RegionEncoded", nameof(Input{{i}}.Region))
                    .Append(mlContext.Transforms.Concatenate("Features", "Feature0", "Feature1", "Feature2", "Feature3", "RegionEncoded"))
                    .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                    .AppendCacheCheckpoint(mlContext)
                    .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features"));
                ITransformer model = pipeline.Fit(split.TrainSet);
                var metrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: "Label");
                mlContext.Model.Save(model, data.Schema, ResolvePath(root, "model{{i}}") + ".zip");
                return Describe(new[] { metrics.RSquared, metrics.RootMeanSquaredError, metrics.MeanAbsoluteError });
            }

        {{Helpers(i)}}}

        """);

    private static string BinaryFastTreeTraining(int i, bool deterministic)
    {
        // The simple overload runs multi-threaded (MLG1003 under a seed); the options overload pins one thread.
        string trainer = deterministic
            ? """
                    var trainer = mlContext.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options
                    {
                        LabelColumnName = "Label",
                        FeatureColumnName = "Features",
                        NumberOfTrees = _trees,
                        NumberOfThreads = 1,
                    });
            """
            : """
                    var trainer = mlContext.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features", numberOfTrees: _trees);
            """;
        return Header(i, ml: true) + InputClass(i, "bool") + F($$"""
        public sealed class ChurnTrainer{{i}}
        {
            private readonly int _trees;

            public ChurnTrainer{{i}}(int trees) => _trees = trees;

            public (ITransformer Model, double Auc) Train(string root, int seed)
            {
                var mlContext = new MLContext(seed: {{i}});
                IDataView data = mlContext.Data.LoadFromTextFile<Input{{i}}>(ResolvePath(root, "churn{{i}}"), separatorChar: ',', hasHeader: true);
                IDataView shuffled = mlContext.Data.ShuffleRows(data, seed: seed);
                var split = mlContext.Data.TrainTestSplit(shuffled, testFraction: 0.25, seed: seed);
        {{trainer}}
                var pipeline = mlContext.Transforms.Concatenate("Features", nameof(Input{{i}}.Feature0), nameof(Input{{i}}.Feature1), nameof(Input{{i}}.Feature2))
                    .Append(trainer);
                ITransformer model = pipeline.Fit(split.TrainSet);
                IDataView scored = model.Transform(split.TestSet);
                var metrics = mlContext.BinaryClassification.Evaluate(scored, labelColumnName: "Label");
                return (model, metrics.AreaUnderRocCurve);
            }

        {{Helpers(i)}}}

        """);
    }

    private static string MulticlassTraining(int i) => Header(i, ml: true) + InputClass(i, "string") + F($$"""
        public sealed class IssuePrediction{{i}}
        {
            [ColumnName("PredictedLabel")]
            public string Area { get; set; } = "";

            public float[] Score { get; set; } = Array.Empty<float>();
        }

        public sealed class IssueClassifier{{i}}
        {
            private readonly MLContext _mlContext;

            public IssueClassifier{{i}}(MLContext mlContext) => _mlContext = mlContext;

            public double Train(string root, bool useLightGbm)
            {
                IDataView data = _mlContext.Data.LoadFromTextFile<Input{{i}}>(ResolvePath(root, "issues{{i}}"), separatorChar: '\t', hasHeader: true);
                var split = _mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                var features = _mlContext.Transforms.Conversion.MapValueToKey("Label")
                    .Append(_mlContext.Transforms.Concatenate("Features", "Feature0", "Feature1", "Feature2", "Feature3"))
                    .Append(_mlContext.Transforms.NormalizeMeanVariance("Features"));
                ITransformer model;
                if (useLightGbm)
                {
                    var trainer = _mlContext.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options
                    {
                        LabelColumnName = "Label",
                        FeatureColumnName = "Features",
                        Deterministic = true,
                        NumberOfThreads = 1,
                    });
                    model = features.Append(trainer).Append(_mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(split.TrainSet);
                }
                else
                {
                    model = features
                        .Append(_mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"))
                        .Append(_mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(split.TrainSet);
                }
                var metrics = _mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
                using var engine = _mlContext.Model.CreatePredictionEngine<Input{{i}}, IssuePrediction{{i}}>(model);
                string area = engine.Predict(new Input{{i}} { Feature0 = 1f, Region = "north" }).Area;
                return metrics.MacroAccuracy + (area.Length > 0 ? 0 : -1);
            }

        {{Helpers(i)}}}

        """);

    private static string CrossValidation(int i) => Header(i, ml: true) + InputClass(i, "float") + F($$"""
        public static class PriceCrossValidation{{i}}
        {
            public static string Run(string root, int folds)
            {
                var mlContext = new MLContext(seed: 7);
                IDataView data = mlContext.Data.LoadFromTextFile<Input{{i}}>(ResolvePath(root, "prices{{i}}"), separatorChar: ',', hasHeader: true);
                IEstimator<ITransformer> pipeline = mlContext.Transforms.Concatenate("Features", "Feature0", "Feature1", "Feature2")
                    .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                    .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression(labelColumnName: "Label"));
                var results = mlContext.Regression.CrossValidate(data, pipeline, numberOfFolds: folds, labelColumnName: "Label", seed: 7);
                var forest = mlContext.Regression.Trainers.FastForest(new Microsoft.ML.Trainers.FastTree.FastForestRegressionTrainer.Options
                {
                    LabelColumnName = "Label",
                    NumberOfTrees = 20,
                    NumberOfThreads = 1,
                });
                var forestResults = mlContext.Regression.CrossValidate(data, mlContext.Transforms.Concatenate("Features", "Feature0", "Feature1").Append(forest), numberOfFolds: folds);
                return Describe(results.Select(r => r.Metrics.RSquared).Concat(forestResults.Select(r => r.Metrics.RSquared)));
            }

        {{Helpers(i)}}}

        """);

    private static string PredictionService(int i) => Header(i, ml: true) + InputClass(i, "float") + F($$"""
        public sealed class ScoreOutput{{i}}
        {
            public float Score { get; set; }
        }

        public sealed class ScoringService{{i}} : IDisposable
        {
            private readonly MLContext _mlContext = new MLContext();
            private readonly ITransformer _model;
            private readonly DataViewSchema _schema;

            public ScoringService{{i}}(string modelPath)
            {
                _model = _mlContext.Model.Load(modelPath, out _schema);
            }

            public float ScoreOne(float a, float b)
            {
                using var engine = _mlContext.Model.CreatePredictionEngine<Input{{i}}, ScoreOutput{{i}}>(_model, new PredictionEngineOptions { OwnsTransformer = false });
                return engine.Predict(new Input{{i}} { Feature0 = a, Feature1 = b }).Score;
            }

            public IReadOnlyList<float> ScoreBatch(IEnumerable<Input{{i}}> rows)
            {
                IDataView input = _mlContext.Data.LoadFromEnumerable(rows);
                IDataView scored = _model.Transform(input);
                return _mlContext.Data.CreateEnumerable<ScoreOutput{{i}}>(scored, reuseRowObject: false).Select(p => p.Score).ToList();
            }

            public int ColumnCount => _schema.Count;

            public void Dispose() => (_model as IDisposable)?.Dispose();

        {{Helpers(i)}}}

        """);

    private static string TextClassification(int i) => Header(i, ml: true) + F($$"""
        public sealed class Review{{i}}
        {
            [LoadColumn(0)] public string Text { get; set; } = "";
            [LoadColumn(1)] public string Product { get; set; } = "";
            [LoadColumn(2)] public bool Label { get; set; }
        }

        public sealed class Sentiment{{i}}
        {
            public bool PredictedLabel { get; set; }
            public float Probability { get; set; }
            public float Score { get; set; }
        }

        public static class SentimentModel{{i}}
        {
            public static double Train(MLContext mlContext, string root)
            {
                IDataView data = mlContext.Data.LoadFromTextFile<Review{{i}}>(ResolvePath(root, "reviews{{i}}"), separatorChar: '\t', hasHeader: false);
                DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(data, testFraction: 0.3, seed: 3);
                var pipeline = mlContext.Transforms.Text.FeaturizeText("TextFeatures", nameof(Review{{i}}.Text))
                    .Append(mlContext.Transforms.Categorical.OneHotEncoding("ProductEncoded", nameof(Review{{i}}.Product)))
                    .Append(mlContext.Transforms.Concatenate("Features", "TextFeatures", "ProductEncoded"))
                    .AppendCacheCheckpoint(mlContext)
                    .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression());
                var model = pipeline.Fit(split.TrainSet);
                var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                return metrics.F1Score;
            }

        {{Helpers(i)}}}

        """);

    private static string TrainerWithContextField(int i) => Header(i, ml: true) + InputClass(i, "float") + F($$"""
        public sealed class DemandForecaster{{i}}
        {
            private readonly MLContext _mlContext;
            private ITransformer? _model;

            public DemandForecaster{{i}}()
            {
                _mlContext = new MLContext();
            }

            public void Train(IEnumerable<Input{{i}}> history)
            {
                IDataView data = _mlContext.Data.LoadFromEnumerable(history);
                var pipeline = _mlContext.Transforms.Concatenate("Features", "Feature0", "Feature1", "Feature2", "Feature3")
                    .Append(_mlContext.Regression.Trainers.LightGbm(labelColumnName: "Label", numberOfIterations: 50));
                _model = pipeline.Fit(data);
            }

            public float Forecast(Input{{i}} row)
            {
                if (_model is null)
                {
                    throw new InvalidOperationException("Train first.");
                }
                var engine = _mlContext.Model.CreatePredictionEngine<Input{{i}}, ForecastOutput{{i}}>(_model);
                return engine.Predict(row).Score;
            }

        {{Helpers(i)}}}

        public sealed class ForecastOutput{{i}}
        {
            public float Score { get; set; }
        }

        """);

    // Ordinary application code: records, LINQ, pattern matching, async, generics. No ML.NET.
    private static string PlainFile(int i) => Header(i, ml: false) + F($$"""
        public enum OrderState{{i}} { Draft, Placed, Shipped, Cancelled }

        public sealed record OrderLine{{i}}(string Sku, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        public sealed record Order{{i}}(int Id, string Customer, OrderState{{i}} State, IReadOnlyList<OrderLine{{i}}> Lines)
        {
            public decimal Total => Lines.Sum(l => l.Total);
        }

        public interface IOrderStore{{i}}
        {
            System.Threading.Tasks.Task<IReadOnlyList<Order{{i}}>> LoadAsync(string customer, System.Threading.CancellationToken cancellationToken);
        }

        public sealed class OrderReport{{i}}
        {
            private readonly IOrderStore{{i}} _store;
            private readonly Dictionary<string, decimal> _discounts = new(StringComparer.OrdinalIgnoreCase);

            public OrderReport{{i}}(IOrderStore{{i}} store) => _store = store;

            public void SetDiscount(string customer, decimal rate)
            {
                if (rate is < 0m or > 0.5m)
                {
                    throw new ArgumentOutOfRangeException(nameof(rate), rate, "Discount must be between 0 and 50%.");
                }
                _discounts[customer] = rate;
            }

            public async System.Threading.Tasks.Task<string> SummarizeAsync(string customer, System.Threading.CancellationToken cancellationToken = default)
            {
                IReadOnlyList<Order{{i}}> orders = await _store.LoadAsync(customer, cancellationToken).ConfigureAwait(false);
                var open = orders.Where(o => o.State is OrderState{{i}}.Placed or OrderState{{i}}.Shipped).ToList();
                decimal gross = open.Sum(o => o.Total);
                decimal rate = _discounts.TryGetValue(customer, out var r) ? r : 0m;
                var bySku = open
                    .SelectMany(o => o.Lines)
                    .GroupBy(l => l.Sku)
                    .Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity)))
                    .OrderByDescending(x => x.Quantity)
                    .ThenBy(x => x.Sku, StringComparer.Ordinal)
                    .Take(5);
                string top = string.Join(", ", bySku.Select(x => $"{x.Sku} x{x.Quantity}"));
                return $"{customer}: {open.Count} open orders, {gross * (1 - rate):C} net, top: {top}";
            }

            public static string Classify(Order{{i}} order) => order switch
            {
                { State: OrderState{{i}}.Cancelled } => "cancelled",
                { Total: > 1000m } => "large",
                { Lines.Count: 0 } => "empty",
                _ => "regular",
            };

            public static IEnumerable<T> Page<T>(IEnumerable<T> items, int page, int size)
                where T : notnull
            {
                ArgumentOutOfRangeException.ThrowIfNegative(page);
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
                return items.Skip(page * size).Take(size);
            }

            public static int Checksum(string text)
            {
                var hash = 17;
                foreach (char c in text)
                {
                    hash = unchecked(hash * 31 + c);
                }
                return hash ^ {{i}};
            }
        }

        """);
}
