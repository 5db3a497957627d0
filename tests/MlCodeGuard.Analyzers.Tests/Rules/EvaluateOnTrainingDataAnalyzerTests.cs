using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.EvaluateOnTrainingDataAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.EvaluateOnTrainingDataAnalyzer, MlCodeGuard.CodeFixes.EvaluateOnTrainingDataCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class EvaluateOnTrainingDataAnalyzerTests
{
    private const string Types = """
        public class House
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Label { get; set; }
        }

        """;

    [Fact]
    public Task No_split_at_all_is_flagged_on_Evaluate_with_the_Fit_as_evidence()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(string path)
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>(path);
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
                        .Append(ml.Regression.Trainers.Sdca());
                    var model = pipeline.{|#1:Fit|}(data);
                    var metrics = ml.Regression.{|#0:Evaluate|}(model.Transform(data));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1)
                .WithArguments("model", "data", 22, "the same rows"));

    /// <summary>
    /// Found by planting defects in dotnet/machinelearning-samples (UrlClassification): the field-aware factorization
    /// machine implements <c>ITrainer&lt;&gt;</c> and <c>IEstimator&lt;&gt;</c> but not <c>ITrainerEstimator&lt;,&gt;</c>,
    /// and was not taken for a trainer, so a model of it scored on its own training rows went unreported.
    /// </summary>
    [Fact]
    public Task A_field_aware_factorization_machine_is_a_trainer()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(string path)
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>(path);
                    var model = ml.Transforms.Conversion.ConvertType("Target", "Label", DataKind.Boolean)
                        .Append(ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new[] { "Size" }, labelColumnName: "Target"))
                        .{|#1:Fit|}(data);
                    var predictions = model.Transform(data);
                    var metrics = ml.BinaryClassification.{|#0:Evaluate|}(predictions, labelColumnName: "Target");
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1)
                .WithArguments("model", "data", 22, "the same rows"));

    /// <summary>
    /// Found by planting defects in dotnet/machinelearning-samples (Clustering_Iris): the program keeps its partitions in
    /// private static fields that <c>Main</c> sets once and then reads. A field its type writes once, read later in the
    /// body that writes it, holds that value; a field written anywhere else is not followed.
    /// </summary>
    [Fact]
    public Task A_private_field_set_once_earlier_in_the_method_holds_its_partition()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Program
            {
                private static IDataView trainingDataView;
                private static IDataView testingDataView;
                private static IDataView scratch;

                public static void Main(string path)
                {
                    var ml = new MLContext(seed: 0);
                    var split = ml.Data.{|#2:TrainTestSplit|}(ml.Data.LoadFromTextFile<House>(path), testFraction: 0.2);
                    trainingDataView = split.TrainSet;
                    testingDataView = split.TestSet;
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size)).Append(ml.Regression.Trainers.Sdca());
                    var model = pipeline.{|#1:Fit|}(trainingDataView);
                    ml.Regression.{|#0:Evaluate|}(model.Transform(trainingDataView));
                    ml.Regression.Evaluate(model.Transform(testingDataView));

                    scratch = split.TrainSet;
                    var other = pipeline.Fit(scratch);
                    ml.Regression.Evaluate(other.Transform(scratch));
                }

                public static void Reset() => scratch = null;
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("model", "trainingDataView", 27, "the same rows"));

    [Fact]
    public Task Evaluating_on_the_train_split_is_flagged_with_the_split_as_evidence()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var model = ml.Regression.Trainers.Sdca().{|#1:Fit|}(split.TrainSet);
                    var predictions = model.Transform(split.TrainSet);
                    var metrics = ml.Regression.{|#0:Evaluate|}(predictions);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("model", "split.TrainSet", 19, "the same rows"));

    [Fact]
    public Task Evaluating_on_all_rows_after_fitting_on_the_train_split_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var model = ml.Regression.Trainers.Sdca().{|#1:Fit|}(split.TrainSet);
                    ml.Regression.{|#0:Evaluate|}(model.Transform(data));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("model", "split.TrainSet", 19, "rows that include them ('data')"));

    [Fact]
    public Task Fitting_on_all_rows_and_evaluating_on_the_test_split_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var model = ml.Regression.Trainers.Sdca().Fit(data);
                    ml.Regression.{|MLG2001:Evaluate|}(model.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Values_are_followed_through_reassignment_shuffle_cache_and_a_tuple()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, string path)
                {
                    IDataView data = ml.Data.LoadFromTextFile<House>(path);
                    data = ml.Data.ShuffleRows(data, seed: 1);
                    data = ml.Data.Cache(data);
                    var (train, scoring) = (data, data);
                    var estimator = ml.Regression.Trainers.FastTree();
                    ITransformer model = estimator.Fit(train);
                    var scored = model.Transform(scoring);
                    ml.Regression.{|MLG2001:Evaluate|}(scored);
                }
            }
            """);

    [Fact]
    public Task Permutation_feature_importance_on_the_training_rows_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
                        .Append(ml.Regression.Trainers.Sdca());
                    var model = pipeline.Fit(data);
                    var transformed = model.Transform(data);
                    var importance = ml.Regression.{|MLG2001:PermutationFeatureImportance|}(model.LastTransformer, transformed, permutationCount: 3);
                }
            }
            """);

    [Fact]
    public Task Top_level_statements_lambdas_and_local_functions_are_followed()
        => VerifyCS.AnalyzerAsync("""
            var ml = new MLContext(seed: 0);
            var data = ml.Data.LoadFromTextFile<House>("houses.csv");
            var model = ml.Regression.Trainers.Sdca().Fit(data);
            Func<double> score = () => ml.Regression.{|MLG2001:Evaluate|}(model.Transform(data)).RSquared;
            double Score() => ml.Regression.{|MLG2001:Evaluate|}(model.Transform(data)).RSquared;
            Console.WriteLine(score() + Score());

            """ + Types,
            OutputKind.ConsoleApplication);

    // ml#737: "100% accuracy" — the maintainer's first question was "Are you testing on the train set?". It was.
    [Fact]
    public Task Issue737_binary_classifier_scored_on_its_training_file()
        => VerifyCS.AnalyzerAsync("""
            public class SentimentData
            {
                [LoadColumn(0)] public bool Label { get; set; }
                [LoadColumn(1)] public string Text { get; set; } = "";
            }

            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext();
                    var trainingDataView = mlContext.Data.LoadFromTextFile<SentimentData>("sentiment.tsv", hasHeader: true);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentData.Text))
                        .Append(mlContext.BinaryClassification.Trainers.FastTree(numberOfLeaves: 50, numberOfTrees: 50));
                    var model = pipeline.Fit(trainingDataView);
                    var predictions = model.Transform(trainingDataView);
                    var metrics = mlContext.BinaryClassification.{|MLG2001:Evaluate|}(predictions, "Label");
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }
            }
            """);

    // ml#2750: the repro trains a multiclass model and evaluates it on the very IDataView it was trained on.
    [Fact]
    public Task Issue2750_multiclass_repro_evaluates_on_the_training_view()
        => VerifyCS.AnalyzerAsync("""
            public class IrisData
            {
                [LoadColumn(0)] public float SepalLength;
                [LoadColumn(1)] public float SepalWidth;
                [LoadColumn(4)] public string Label = "";
            }

            public static class Repro
            {
                public static void Run(MLContext mlContext, IrisData[] rows)
                {
                    IDataView trainData = mlContext.Data.LoadFromEnumerable(rows);
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth"))
                        .AppendCacheCheckpoint(mlContext)
                        .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
                    var model = pipeline.Fit(trainData);
                    var metrics = mlContext.MulticlassClassification.{|MLG2001:Evaluate|}(model.Transform(trainData));
                    Console.WriteLine(metrics.MacroAccuracy);
                }
            }
            """);

    [Fact]
    public Task Correct_train_test_pipelines_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data, IDataView holdout)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var pipeline = ml.Transforms.NormalizeMinMax("Size")
                        .Append(ml.Transforms.Concatenate("Features", nameof(House.Size)))
                        .Append(ml.Regression.Trainers.Sdca());
                    var model = pipeline.Fit(split.TrainSet);
                    ml.Regression.Evaluate(model.Transform(split.TestSet));

                    // A different file: nothing says its rows are the training rows.
                    ml.Regression.Evaluate(model.Transform(holdout));

                    // Folds: each fold's model is scored on its own test side.
                    foreach (var fold in ml.Data.CrossValidationSplit(data, numberOfFolds: 3, seed: 1))
                    {
                        var foldModel = pipeline.Fit(fold.TrainSet);
                        ml.Regression.Evaluate(foldModel.Transform(fold.TestSet));
                    }

                    var folds = ml.Data.CrossValidationSplit(data, numberOfFolds: 3, seed: 1);
                    var first = pipeline.Fit(folds[0].TrainSet);
                    ml.Regression.Evaluate(first.Transform(folds[0].TestSet));

                    ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 1);
                }
            }
            """);

    [Fact]
    public Task Validation_split_for_early_stopping_and_a_separate_test_set_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var outer = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.1, seed: 1);
                    var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { EarlyStoppingRound = 10 });
                    var model = trainer.Fit(inner.TrainSet, inner.TestSet);
                    ml.BinaryClassification.Evaluate(model.Transform(outer.TestSet));
                }
            }
            """);

    [Fact]
    public Task Unknown_origins_are_not_guessed()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Training
            {
                private IDataView _data = null!;

                public void Reload(IDataView data) => _data = data;

                public void Run(MLContext ml, ITransformer loaded, bool flag, IDataView a, IDataView b)
                {
                    // A model from disk: what it was fitted on is not visible.
                    ml.Regression.Evaluate(loaded.Transform(a));

                    // A field reassigned outside the constructor may hold different values at two reads.
                    var model = ml.Regression.Trainers.Sdca().Fit(_data);
                    ml.Regression.Evaluate(model.Transform(_data));

                    // Assigned on one branch only: which rows is not known.
                    var maybe = a;
                    if (flag)
                    {
                        maybe = b;
                    }

                    var other = ml.Regression.Trainers.Sdca().Fit(a);
                    ml.Regression.Evaluate(other.Transform(maybe));

                    // Take and Skip of the same rows are different rows.
                    var head = ml.Regression.Trainers.Sdca().Fit(ml.Data.TakeRows(a, 100));
                    ml.Regression.Evaluate(head.Transform(ml.Data.SkipRows(a, 100)));

                    // Post-processing fitted on scored rows is not the model.
                    var scored = other.Transform(b);
                    var post = ml.Transforms.NormalizeMinMax("Score").Fit(scored);
                    ml.Regression.Evaluate(post.Transform(scored));
                }
            }
            """);

    [Fact]
    public Task Fix_introduces_a_seeded_split_and_rewires_fit_and_transform()
        => VerifyFix.FixAsync(Types + """
            public static class Training
            {
                public static void Run(string path)
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>(path);
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
                        .Append(ml.Regression.Trainers.Sdca());
                    var model = pipeline.Fit(data);
                    var predictions = model.Transform(data);
                    var metrics = ml.Regression.{|MLG2001:Evaluate|}(predictions);
                }

                public static void Again(MLContext ml, IDataView data)
                {
                    var model = ml.Regression.Trainers.Sdca().Fit(data);
                    ml.Regression.{|MLG2001:Evaluate|}(model.Transform(data));
                }
            }
            """, Types + """
            public static class Training
            {
                public static void Run(string path)
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>(path);
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
                        .Append(ml.Regression.Trainers.Sdca());
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
                    var model = pipeline.Fit(split.TrainSet);
                    var predictions = model.Transform(split.TestSet);
                    var metrics = ml.Regression.Evaluate(predictions);
                }

                public static void Again(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
                    var model = ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                    ml.Regression.Evaluate(model.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Fix_picks_a_free_name_and_works_in_top_level_statements()
        => VerifyFix.FixAsync("""
            var ml = new MLContext(seed: 0);
            var split = "unrelated";
            var data = ml.Data.LoadFromTextFile<House>("houses.csv");
            var model = ml.Regression.Trainers.Sdca().Fit(data);
            Console.WriteLine(ml.Regression.{|MLG2001:Evaluate|}(model.Transform(data)).RSquared + split);

            """ + Types, """
            var ml = new MLContext(seed: 0);
            var split = "unrelated";
            var data = ml.Data.LoadFromTextFile<House>("houses.csv");
            var split2 = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
            var model = ml.Regression.Trainers.Sdca().Fit(split2.TrainSet);
            Console.WriteLine(ml.Regression.Evaluate(model.Transform(split2.TestSet)).RSquared + split);

            """ + Types, OutputKind.ConsoleApplication);

    [Fact]
    public Task No_fix_when_the_data_is_already_a_split_side()
        => VerifyFix.NoFixAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var model = ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                    ml.Regression.{|MLG2001:Evaluate|}(model.Transform(split.TrainSet));
                }
            }
            """);

    [Fact]
    public Task Fix_applies_when_the_evaluation_is_in_a_lambda_of_the_same_block()
        => VerifyFix.FixAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var fresh = ml.Regression.Trainers.Sdca().Fit(data);
                    Action report = () => ml.Regression.{|MLG2001:Evaluate|}(fresh.Transform(data));
                    report();
                }
            }
            """, Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
                    var fresh = ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                    Action report = () => ml.Regression.Evaluate(fresh.Transform(split.TestSet));
                    report();
                }
            }
            """);

    /// <summary>Issue 3: a field that is not readonly but only assigned in its type's constructor holds one value.</summary>
    [Fact]
    public Task Private_field_assigned_only_in_the_constructor_is_one_set_of_rows()
        => VerifyCS.AnalyzerAsync(Types + """
            public class FareTrainer
            {
                private readonly MLContext _ml = new MLContext(seed: 0);
                private IDataView _trainData;
                private IDataView _testData;

                public FareTrainer(string trainPath, string testPath)
                {
                    _trainData = _ml.Data.LoadFromTextFile<House>(trainPath);
                    this._testData = _ml.Data.LoadFromTextFile<House>(testPath);
                }

                public void Train()
                {
                    var model = _ml.Regression.Trainers.Sdca().Fit(_trainData);
                    _ml.Regression.{|MLG2001:Evaluate|}(model.Transform(_trainData));
                    _ml.Regression.Evaluate(model.Transform(_testData));
                }
            }
            """);

    [Fact]
    public Task Fields_that_others_or_other_methods_may_assign_are_not_one_set_of_rows()
        => VerifyCS.AnalyzerAsync(Types + """
            public class FareTrainer
            {
                private readonly MLContext _ml = new MLContext(seed: 0);
                private IDataView _data;
                internal IDataView Shared;
                private IDataView _swapped;
                private IDataView _byRef;

                public FareTrainer(IDataView data)
                {
                    _data = data;
                    Shared = data;
                    _swapped = data;
                    _byRef = data;
                }

                public void Next(IDataView other)
                {
                    (_swapped, _) = (other, 1);
                    Replace(ref _byRef, other);
                }

                private static void Replace(ref IDataView target, IDataView value) => target = value;

                public void Train(IDataView more)
                {
                    var shared = _ml.Regression.Trainers.Sdca().Fit(Shared);
                    _ml.Regression.Evaluate(shared.Transform(Shared));
                    var swapped = _ml.Regression.Trainers.Sdca().Fit(_swapped);
                    _ml.Regression.Evaluate(swapped.Transform(_swapped));
                    var byRef = _ml.Regression.Trainers.Sdca().Fit(_byRef);
                    _ml.Regression.Evaluate(byRef.Transform(_byRef));
                    _data = more;
                    var model = _ml.Regression.Trainers.Sdca().Fit(_data);
                    _ml.Regression.Evaluate(model.Transform(_data));
                }
            }
            """);

    // Helper methods of the same type: answered from a summary per helper (Semantics/Provenance/HelperSummaries.cs).
    [Fact]
    public Task Model_from_a_Train_helper_evaluated_on_its_training_rows_is_flagged_naming_the_helper()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = LoadData(ml, "houses.csv");
                    var model = {|#1:Train|}(ml, data);
                    var metrics = ml.Regression.{|#0:Evaluate|}(model.Transform(data));
                }

                static IDataView LoadData(MLContext ml, string path) => ml.Data.LoadFromTextFile<House>(path, separatorChar: ',');

                static ITransformer Train(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
                        .Append(ml.Regression.Trainers.Sdca());
                    return pipeline.{|#2:Fit|}(data);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("model", "data' by helper 'Train", 20, "the same rows"));

    [Fact]
    public Task Evaluate_helper_called_with_the_training_rows_is_flagged_at_the_call()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
                    var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#1:Fit|}(data);
                    {|#0:Evaluate|}(ml, model, data);
                }

                static void Evaluate(MLContext ml, ITransformer model, IDataView data)
                {
                    var metrics = ml.Regression.Evaluate(model.Transform(data));
                    Console.WriteLine(metrics.RSquared);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1)
                .WithArguments("model", "data", 20, "the same rows in helper 'Evaluate'"));

    [Fact]
    public Task Train_side_of_a_Split_helper_evaluated_after_a_Train_helper_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
                    var (train, test) = {|#3:Split|}(ml, data);
                    var model = {|#1:Train|}(ml, train);
                    ml.Regression.{|#0:Evaluate|}(model.Transform(train));
                }

                static (IDataView Train, IDataView Test) Split(MLContext ml, IDataView data)
                {
                    var s = ml.Data.{|#4:TrainTestSplit|}(data, 0.2, seed: 1);
                    return (s.TrainSet, s.TestSet);
                }

                static ITransformer Train(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#2:Fit|}(data);
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(4)
                .WithArguments("model", "train' by helper 'Train", 21, "the same rows"));

    [Fact]
    public Task TrainTestData_helper_with_the_train_set_evaluated_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
                    var split = MakeSplit(ml, data);
                    var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#1:Fit|}(split.TrainSet);
                    {|#0:Report|}(ml, model, split.TrainSet);
                }

                static DataOperationsCatalog.TrainTestData MakeSplit(MLContext ml, IDataView data)
                    => ml.Data.{|#2:TrainTestSplit|}(data, testFraction: 0.2, seed: 1);

                static double Report(MLContext ml, ITransformer model, IDataView rows)
                    => ml.Regression.Evaluate(model.Transform(rows)).RSquared;
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("model", "split.TrainSet", 21, "the same rows in helper 'Report'"));

    [Fact]
    public Task Helpers_used_correctly_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = LoadData(ml, "houses.csv");
                    var (train, test) = Split(ml, data);
                    var model = Train(ml, train);
                    Evaluate(ml, model, test);
                    ml.Regression.Evaluate(model.Transform(test));

                    // Two loads through one helper are two loads: different files, unknown relation.
                    var other = Train(ml, LoadData(ml, "train.csv"));
                    Evaluate(ml, other, LoadData(ml, "test.csv"));
                }

                static IDataView LoadData(MLContext ml, string path) => ml.Data.LoadFromTextFile<House>(path, separatorChar: ',');

                static (IDataView Train, IDataView Test) Split(MLContext ml, IDataView data)
                {
                    var s = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    return (s.TrainSet, s.TestSet);
                }

                static ITransformer Train(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);

                static void Evaluate(MLContext ml, ITransformer model, IDataView data)
                    => Console.WriteLine(ml.Regression.Evaluate(model.Transform(data)).RSquared);
            }
            """);

    [Fact]
    public Task Recursive_virtual_and_branching_helpers_stay_unknown()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public void Run(MLContext ml, IDataView data, bool small)
                {
                    var model = Fit(ml, data, 3);
                    ml.Regression.Evaluate(model.Transform(data));
                    var model2 = FitVirtual(ml, data);
                    ml.Regression.Evaluate(model2.Transform(data));
                    var model3 = FitOneOf(ml, data, small);
                    ml.Regression.Evaluate(model3.Transform(data));
                }

                static ITransformer Fit(MLContext ml, IDataView data, int depth)
                    => depth == 0 ? ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data) : Fit(ml, data, depth - 1);

                protected virtual ITransformer FitVirtual(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);

                static ITransformer FitOneOf(MLContext ml, IDataView data, bool small)
                {
                    if (small)
                    {
                        return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.TakeRows(data, 10));
                    }

                    return ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(ml.Data.SkipRows(data, 10));
                }
            }
            """);

    // Unions of rows: several files, MultiFileSource, a compound path. A named file is the same rows wherever it is loaded.
    [Fact]
    public Task Evaluating_on_a_file_that_is_part_of_the_training_files_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run()
                {
                    var ml = new MLContext(seed: 0);
                    var loader = ml.Data.CreateTextLoader<House>(separatorChar: ',', hasHeader: true);
                    var all = loader.Load("data/2023.csv", "data/2024.csv");
                    var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#1:Fit|}(all);
                    var recent = ml.Data.LoadFromTextFile<House>("data/2024.csv", separatorChar: ',', hasHeader: true);
                    ml.Regression.{|#0:Evaluate|}(model.Transform(recent));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1)
                .WithArguments("model", "all", 21, "a part of those rows ('recent')"));

    [Fact]
    public Task MultiFileSource_and_compound_paths_are_unions_of_their_files()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run()
                {
                    var ml = new MLContext(seed: 0);
                    var loader = ml.Data.CreateTextLoader<House>(separatorChar: ',');
                    var source = new MultiFileSource("train.csv", "test.csv");
                    var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#1:Fit|}(loader.Load(source));
                    ml.Regression.{|#0:Evaluate|}(model.Transform(ml.Data.LoadFromTextFile<House>("test.csv", separatorChar: ',')));

                    var model2 = ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#3:Fit|}(ml.Data.LoadFromTextFile<House>("train.csv+test.csv", separatorChar: ','));
                    ml.Regression.{|#2:Evaluate|}(model2.Transform(loader.Load("test.csv")));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1)
                .WithArguments("model", "loader.Load(source)", 21, "a part of those rows ('ml.Data.LoadFromTextFile<House>(\"test.csv\", separatorChar: ',')')"),
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(2).WithLocation(3)
                .WithArguments("model2", "ml.Data.LoadFromTextFile<House>(\"train.csv+test.csv\", separatorChar: ',')", 24, "a part of those rows ('loader.Load(\"test.csv\")')"));

    [Fact]
    public Task Unions_of_other_files_wildcards_and_splits_of_a_union_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(string folder)
                {
                    var ml = new MLContext(seed: 0);
                    var loader = ml.Data.CreateTextLoader<House>(separatorChar: ',');

                    // Different files.
                    var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(loader.Load("2022.csv", "2023.csv"));
                    ml.Regression.Evaluate(model.Transform(loader.Load("2024.csv")));

                    // A wildcard or a computed path may or may not name the evaluated file: unknown.
                    var model2 = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(loader.Load("data/*.csv"));
                    ml.Regression.Evaluate(model2.Transform(loader.Load("data/2024.csv")));
                    var model3 = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(loader.Load(folder + "/a.csv", "b.csv"));
                    ml.Regression.Evaluate(model3.Transform(loader.Load("a.csv")));

                    // The union split: train and test sides are disjoint.
                    var split = ml.Data.TrainTestSplit(loader.Load("2022.csv", "2023.csv"), 0.2, seed: 1);
                    var model4 = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(split.TrainSet);
                    ml.Regression.Evaluate(model4.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Test_rows_appended_to_the_training_rows_are_left_to_MLG2003()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var all = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<House>(split.TrainSet, false).Concat(ml.Data.CreateEnumerable<House>(split.TestSet, false)));
                    var model = ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(all);
                    ml.Regression.Evaluate(model.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Top_level_program_with_helpers_in_a_partial_Program_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            var ml = new MLContext(seed: 0);
            var data = Program.Load(ml);
            var model = Program.{|#1:Train|}(ml, data);
            Console.WriteLine(ml.Regression.{|#0:Evaluate|}(model.Transform(data)).RSquared);

            public class House
            {
                [LoadColumn(0)] public float Size { get; set; }
                [LoadColumn(1)] public float Label { get; set; }
            }

            public partial class Program
            {
                public static IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            }

            public partial class Program
            {
                public static ITransformer Train(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#2:Fit|}(data);
            }
            """,
            OutputKind.ConsoleApplication,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("model", "data' by helper 'Train", 11, "the same rows"));

    [Fact]
    public Task Helpers_of_another_type_and_of_an_enclosing_type_stay_unknown()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static ITransformer Train(MLContext ml, IDataView data)
                    => ml.Regression.Trainers.Sdca(featureColumnName: "Size").Fit(data);

                public class Runner
                {
                    public void Run(MLContext ml, IDataView data)
                    {
                        var model = Train(ml, data);
                        ml.Regression.Evaluate(model.Transform(data));
                    }
                }
            }

            public static class Program
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var model = Training.Train(ml, data);
                    ml.Regression.Evaluate(model.Transform(data));
                }
            }
            """);

    [Fact]
    public Task A_leak_in_a_nested_type_is_reported_once()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Outer
            {
                public static IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>("houses.csv");

                public class Inner
                {
                    public void Run(MLContext ml, IDataView data)
                    {
                        var model = Fit(ml, data);
                        ml.Regression.{|#0:Evaluate|}(model.Transform(data));
                    }

                    static ITransformer Fit(MLContext ml, IDataView data) => ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#2:Fit|}(data);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(22, 25).WithLocation(2)
                .WithArguments("model", "data' by helper 'Fit", 22, "the same rows"));

    [Fact]
    public Task Instance_helper_reading_a_field_counts_only_on_this_object()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Trainer
            {
                private readonly MLContext _ml = new(seed: 0);
                private readonly IDataView _data;

                public Trainer(IDataView data) { _data = data; }

                ITransformer Train() => _ml.Regression.Trainers.Sdca(featureColumnName: "Size").{|#2:Fit|}(_data);

                public void Run(Trainer other)
                {
                    var mine = {|#1:Train|}();
                    _ml.Regression.{|#0:Evaluate|}(mine.Transform(_data));
                    var theirs = other.Train();
                    _ml.Regression.Evaluate(theirs.Transform(_data));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.EvaluateOnTrainingData)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("mine", "_data' by helper 'Train", 25, "the same rows"));
}
