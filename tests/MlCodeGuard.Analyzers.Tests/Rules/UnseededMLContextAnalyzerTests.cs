using Microsoft.CodeAnalysis;
using MlCodeGuard.Analyzers.Rules;
using MlCodeGuard.Analyzers.Tests.Verifiers;
using MlCodeGuard.CodeFixes;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.UnseededMLContextAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.UnseededMLContextAnalyzer, MlCodeGuard.CodeFixes.UnseededMLContextCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class UnseededMLContextAnalyzerTests
{
    private const string Types = """

        public class TaxiTrip
        {
            [LoadColumn(0)] public float Distance { get; set; }
            [LoadColumn(1)] public float Fare { get; set; }
        }

        public class FarePrediction
        {
            [ColumnName("Score")] public float Fare { get; set; }
        }
        """;

    [Fact]
    public Task Method_that_fits_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Train(string path)
                {
                    var mlContext = {|MLG1001:new MLContext()|};
                    var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(path, separatorChar: ',');
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.Distance))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.Fare)));
                    return pipeline.Fit(data);
                }
            }
            """ + Types);

    [Fact]
    public Task Message_names_the_training_call_and_its_line()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Train(IDataView data)
                {
                    var mlContext = new MLContext();
                    var pipeline = mlContext.Transforms.Concatenate("Features", "Distance").Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Fare"));
                    return pipeline.Fit(data);
                }
            }
            """,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Diagnostics.Descriptors.UnseededMLContext)
                .WithSpan(13, 25, 13, 40)
                .WithArguments("method", "it calls 'Fit' on line 15"));

    [Fact]
    public Task Explicit_null_seed_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Split(IDataView data)
                {
                    var ml = {|MLG1001:new MLContext(seed: null)|};
                    var split = ml.Data.TrainTestSplit(data, 0.2);
                }
            }
            """);

    [Fact]
    public Task Target_typed_new_in_top_level_statements_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            MLContext ml = {|MLG1001:new()|};
            var data = ml.Data.LoadFromTextFile<TaxiTrip>("taxi.csv", separatorChar: ',');
            var model = ml.Transforms.NormalizeMinMax("Distance").Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare")).Fit(data);
            Console.WriteLine(model);
            """ + Types, OutputKind.ConsoleApplication);

    [Fact]
    public Task Context_passed_to_a_training_method_of_the_same_type_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Program
            {
                public static void Run(IDataView data)
                {
                    var ml = {|MLG1001:new MLContext()|};
                    var model = Train(ml, data);
                }

                private static ITransformer Train(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(labelColumnName: "Fare").Fit(data);
            }
            """);

    [Fact]
    public Task Context_passed_to_a_training_method_of_another_type_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Program
            {
                public static void Run(IDataView data)
                {
                    var ml = {|MLG1001:new MLContext()|};
                    var model = ModelTrainer.Train(ml, data);
                }
            }

            public static class ModelTrainer
            {
                public static ITransformer Train(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(labelColumnName: "Fare").Fit(data);
            }
            """);

    [Fact]
    public Task Field_of_a_type_that_trains_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public sealed class FareModel
            {
                private readonly MLContext _ml = {|MLG1001:new MLContext()|};

                public ITransformer Train(IDataView data)
                {
                    var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                    return _ml.Regression.Trainers.Sdca(labelColumnName: "Fare").Fit(split.TrainSet);
                }
            }
            """);

    [Fact]
    public Task Context_assigned_in_the_constructor_of_a_type_that_trains_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public sealed class FareModel
            {
                private readonly MLContext _ml;

                public FareModel() => _ml = {|MLG1001:new MLContext()|};

                public IDataView Shuffle(IDataView data) => _ml.Data.ShuffleRows(data);
            }
            """);

    /// <summary>
    /// Found in dotnet/machinelearning-samples (LargeDatasets): a split or shuffle given its own seed draws nothing from
    /// the context, so a context that only splits or shuffles that way gives the same rows on every run.
    /// </summary>
    [Fact]
    public Task Splits_and_shuffles_with_their_own_seed_are_not_training()
        => VerifyCS.AnalyzerAsync("""
            public static class Preparation
            {
                public static void Prepare(IDataView data)
                {
                    var ml = new MLContext();
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                    var folds = ml.Data.CrossValidationSplit(split.TrainSet, 5, null, 7);
                    var shuffled = ml.Data.ShuffleRows(split.TestSet, 3);
                    ml.Data.SaveAsBinary(shuffled, System.IO.Stream.Null);
                }

                public static void Helper()
                {
                    var ml = new MLContext();
                    Splitter.Split(ml, ml.Data.LoadFromEnumerable(new[] { new TaxiTrip() }));
                }
            }

            public static class Splitter
            {
                public static IDataView Split(MLContext ml, IDataView data) => ml.Data.TrainTestSplit(data, 0.2, null, 42).TestSet;
            }
            """ + Types);

    [Fact]
    public Task A_seeded_split_before_an_unseeded_fit_or_a_null_seed_is_still_training()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Train(IDataView data)
                {
                    var ml = {|#0:new MLContext()|};
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                    return ml.Regression.Trainers.Sdca(labelColumnName: "Fare").Fit(split.TrainSet);
                }

                public static IDataView Helper()
                {
                    var ml = {|#1:new MLContext()|};
                    return Splitter.Split(ml, ml.Data.LoadFromEnumerable(new[] { new TaxiTrip() }));
                }
            }

            public static class Splitter
            {
                public static IDataView Split(MLContext ml, IDataView data) => ml.Data.ShuffleRows(data, seed: null);
            }
            """ + Types,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Diagnostics.Descriptors.UnseededMLContext).WithLocation(0)
                .WithArguments("method", "it calls 'Fit' on line 15"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Diagnostics.Descriptors.UnseededMLContext).WithLocation(1)
                .WithArguments("method", "it passes the context to 'Splitter.Split', which trains"));

    /// <summary>
    /// Found in ML.NET's own documentation samples (docs/samples/Microsoft.ML.Samples/Dynamic/Transforms): an unseeded
    /// context that fits only deterministic transforms (Concatenate, normalizers, key mapping, one-hot encoding) gives
    /// the same model on every run, and a CustomMapping's delegate cannot reach the context's random source; a chain with
    /// a trainer, a randomized transform (PCA, kernel map, LDA, tree featurizers) or a step that cannot be followed still
    /// trains.
    /// </summary>
    [Fact]
    public Task Fitting_only_deterministic_transforms_is_not_training()
        => VerifyCS.AnalyzerAsync("""
            public static class Preparation
            {
                public static ITransformer Normalize(IDataView data)
                {
                    var ml = new MLContext();
                    var pipeline = ml.Transforms.Concatenate("Features", "Distance", "Fare")
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .AppendCacheCheckpoint(ml);
                    return pipeline.Fit(data);
                }

                public static ITransformer Encode(IDataView data)
                {
                    var ml = new MLContext();
                    return ml.Transforms.Conversion.MapValueToKey("Key", "Distance").Fit(data);
                }

                public static ITransformer Project(IDataView data)
                {
                    var ml = {|#0:new MLContext()|};
                    return ml.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2).Fit(data);
                }

                public static ITransformer Opaque(IDataView data, IEstimator<ITransformer> step)
                {
                    var ml = {|#1:new MLContext()|};
                    return ml.Transforms.Concatenate("Features", "Distance").Append(step).Fit(data);
                }

                public static ITransformer Trees(IDataView data)
                {
                    var ml = {|#2:new MLContext()|};
                    var options = new FastTreeBinaryFeaturizationEstimator.Options
                    {
                        InputColumnName = "Features",
                        TrainerOptions = new FastTreeBinaryTrainer.Options { LabelColumnName = "Label", FeatureColumnName = "Features" },
                    };
                    return ml.Transforms.FeaturizeByFastTreeBinary(options).Fit(data);
                }

                public static ITransformer Mapped(IDataView data)
                {
                    var ml = new MLContext();
                    return ml.Transforms.CustomMapping<TaxiTrip, TaxiTrip>((input, output) => output.Fare = input.Fare, contractName: null).Fit(data);
                }
            }
            """ + Types,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Diagnostics.Descriptors.UnseededMLContext).WithLocation(0)
                .WithArguments("method", "it calls 'Fit' on line 29"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Diagnostics.Descriptors.UnseededMLContext).WithLocation(1)
                .WithArguments("method", "it calls 'Fit' on line 35"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Diagnostics.Descriptors.UnseededMLContext).WithLocation(2)
                .WithArguments("method", "it calls 'Fit' on line 46"));

    [Fact]
    public Task Cross_validation_only_is_training()
        => VerifyCS.AnalyzerAsync("""
            public static class Experiments
            {
                public static double CrossValidatedAuc(IDataView data)
                {
                    var ml = {|MLG1001:new MLContext()|};
                    var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();
                    var folds = ml.BinaryClassification.CrossValidate(data, trainer, numberOfFolds: 5, seed: 1);
                    return folds.Average(f => f.Metrics.AreaUnderRocCurve);
                }
            }
            """);

    // ml#4281: "after every execution recommendation result is continuously changes" — the maintainer's answer was
    // to set the seed when creating the MLContext. A factorization-machine recommender trained on an unseeded context.
    [Fact]
    public Task Ml4281_recommender_results_change_on_every_run()
        => VerifyCS.AnalyzerAsync("""
            public class Rating
            {
                public float[] Features { get; set; } = Array.Empty<float>();
                public bool Label { get; set; }
            }

            public static class Recommender
            {
                public static ITransformer Train(IEnumerable<Rating> ratings)
                {
                    var mlContext = {|MLG1001:new MLContext()|};
                    var data = mlContext.Data.LoadFromEnumerable(ratings);
                    var trainer = mlContext.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new[] { "Features" });
                    return trainer.Fit(data);
                }
            }
            """);

    // ml#6654: `private static MLContext mlContext = new MLContext();` "and all the time I get different results".
    [Fact]
    public Task Ml6654_static_field_context_gives_different_results()
        => VerifyCS.AnalyzerAsync("""
            public static class SalesForecast
            {
                private static MLContext mlContext = {|MLG1001:new MLContext()|};

                public static ITransformer Train(IDataView data)
                    => mlContext.Regression.Trainers.FastForest(labelColumnName: "Sales").Fit(data);
            }
            """);

    // ml#7259: a FastForest and a LightGbm regression trained from `new MLContext()` (the user expected randomness).
    [Fact]
    public Task Ml7259_fastforest_and_lightgbm_on_unseeded_context()
        => VerifyCS.AnalyzerAsync("""
            public static class Forests
            {
                public static (ITransformer, ITransformer) Train(IDataView data)
                {
                    var first = {|MLG1001:new MLContext()|};
                    var forest = first.Regression.Trainers.FastForest().Fit(data);
                    var second = {|MLG1001:new MLContext()|};
                    var boosted = second.Regression.Trainers.LightGbm().Fit(data);
                    return (forest, boosted);
                }
            }
            """);

    // ml#3048 asked whether the seed matters when a model is only loaded and scored: it does not, so no diagnostic.
    [Fact]
    public Task Ml3048_inference_only_context_is_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public sealed class FareScorer
            {
                private readonly PredictionEngine<TaxiTrip, FarePrediction> _engine;

                public FareScorer(string modelPath)
                {
                    var mlContext = new MLContext();
                    var model = mlContext.Model.Load(modelPath, out _);
                    _engine = mlContext.Model.CreatePredictionEngine<TaxiTrip, FarePrediction>(model);
                }

                public float Predict(TaxiTrip trip) => _engine.Predict(trip).Fare;
            }
            """ + Types);

    [Fact]
    public Task Seeded_contexts_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Train(IDataView data, int seed)
                {
                    var a = new MLContext(seed: 0);
                    var b = new MLContext(42);
                    var c = new MLContext(seed);
                    MLContext d = new(seed: 7);
                    a.Regression.Trainers.Sdca().Fit(data);
                    b.Regression.Trainers.Sdca().Fit(data);
                    c.Regression.Trainers.Sdca().Fit(data);
                    d.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """);

    [Fact]
    public Task Context_passed_in_as_a_parameter_is_not_this_rules_business()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Train(MLContext mlContext, IDataView data)
                    => mlContext.Regression.Trainers.Sdca().Fit(data);
            }
            """);

    [Fact]
    public Task Inference_method_of_a_type_that_also_trains_is_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public sealed class FareService
            {
                public ITransformer Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    return ml.Regression.Trainers.Sdca().Fit(data);
                }

                public DataViewSchema Load(string path)
                {
                    var ml = new MLContext();
                    ml.Model.Load(path, out var schema);
                    return schema;
                }
            }
            """);

    [Fact]
    public Task Code_without_mlnet_is_never_analyzed()
        => VerifyCS.WithoutMlNetAsync("""
            namespace Acme.ML
            {
                public class MLContext { }
                public class Trainer { public void Fit(object data) { } }
            }

            public static class Program
            {
                public static void Main()
                {
                    var ctx = new Acme.ML.MLContext();
                    new Acme.ML.Trainer().Fit(ctx);
                }
            }
            """);

    [Fact]
    public Task Fix_adds_seed_zero()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static ITransformer Train(IDataView data)
                {
                    var ml = {|MLG1001:new MLContext()|};
                    return ml.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """, """
            public static class Training
            {
                public static ITransformer Train(IDataView data)
                {
                    var ml = new MLContext(seed: 0);
                    return ml.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """);

    [Fact]
    public Task Fix_replaces_a_null_seed_and_handles_target_typed_new()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var a = {|MLG1001:new MLContext(seed: null)|};
                    MLContext b = {|MLG1001:new()|};
                    a.Regression.Trainers.Sdca().Fit(data);
                    b.Data.ShuffleRows(data);
                }
            }
            """, """
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var a = new MLContext(seed: 0);
                    MLContext b = new(seed: 0);
                    a.Regression.Trainers.Sdca().Fit(data);
                    b.Data.ShuffleRows(data);
                }
            }
            """);

    [Fact]
    public Task Fix_all_seeds_every_context_in_the_document()
        => VerifyFix.FixAsync("""
            public static class Forests
            {
                private static readonly MLContext Shared = {|MLG1001:new MLContext()|};

                public static ITransformer Train(IDataView data)
                {
                    var first = {|MLG1001:new MLContext()|};
                    first.Regression.Trainers.FastForest().Fit(data);
                    return Shared.Regression.Trainers.LightGbm().Fit(data);
                }
            }
            """, """
            public static class Forests
            {
                private static readonly MLContext Shared = new MLContext(seed: 0);

                public static ITransformer Train(IDataView data)
                {
                    var first = new MLContext(seed: 0);
                    first.Regression.Trainers.FastForest().Fit(data);
                    return Shared.Regression.Trainers.LightGbm().Fit(data);
                }
            }
            """);
}
