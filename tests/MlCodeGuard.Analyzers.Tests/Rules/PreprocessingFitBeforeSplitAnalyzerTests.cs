using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PreprocessingFitBeforeSplitAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PreprocessingFitBeforeSplitAnalyzer, MlCodeGuard.CodeFixes.PreprocessingFitBeforeSplitCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class PreprocessingFitBeforeSplitAnalyzerTests
{
    private const string Types = """
        public class Patient
        {
            [LoadColumn(0)] public float Age { get; set; }
            [LoadColumn(1)] public float Glucose { get; set; }
            [LoadColumn(2)] public string Sex { get; set; } = "";
            [LoadColumn(3)] public bool Label { get; set; }
        }

        """;

    // ml#6595: the preprocessing pipeline is fitted on all of `data`, then its output is split.
    [Fact]
    public Task Issue6595_normalizer_fitted_on_all_rows_then_split()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile<Patient>(path, hasHeader: true);
                    var prep = ml.Transforms.Categorical.OneHotEncoding("SexEncoded", nameof(Patient.Sex))
                        .Append(ml.Transforms.Concatenate("Features", "SexEncoded", nameof(Patient.Age), nameof(Patient.Glucose)))
                        .Append(ml.Transforms.NormalizeMeanVariance("Features"));
                    var prepModel = prep.{|#0:Fit|}(data);
                    var prepared = prepModel.Transform(data);
                    var split = ml.Data.{|#1:TrainTestSplit|}(prepared, 0.2, seed: 1);
                    var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
                    ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.PreprocessingFitBeforeSplit).WithLocation(0).WithLocation(1)
                .WithArguments("'OneHotEncoding', 'NormalizeMeanVariance'", "data", "and its output is split afterwards by 'TrainTestSplit' on line 26"));

    // ml#7164: preprocessing fitted on the whole set, then the model is cross-validated on its output.
    [Fact]
    public Task Issue7164_preprocessing_fitted_before_cross_validation()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var featurized = ml.Transforms.Text.FeaturizeText("SexText", nameof(Patient.Sex))
                        .Append(ml.Transforms.Concatenate("Features", "SexText", nameof(Patient.Age)))
                        .{|MLG2002:Fit|}(data)
                        .Transform(data);
                    ml.BinaryClassification.CrossValidate(featurized, ml.BinaryClassification.Trainers.FastTree(), seed: 1);
                }
            }
            """);

    [Fact]
    public Task Transformer_fitted_on_all_rows_that_scores_the_test_side_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var prep = ml.Transforms.ReplaceMissingValues("Glucose", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
                        .Append(ml.Transforms.Concatenate("Features", nameof(Patient.Age), nameof(Patient.Glucose)))
                        .{|#0:Fit|}(data);
                    var model = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(split.TrainSet));
                    var metrics = ml.BinaryClassification.{|#1:Evaluate|}(model.Transform(prep.Transform(split.TestSet)));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.PreprocessingFitBeforeSplit).WithLocation(0).WithLocation(1)
                .WithArguments("'ReplaceMissingValues'", "data", "which include the rows evaluated by 'Evaluate' on line 25"));

    [Fact]
    public Task Supervised_preprocessing_before_the_split_is_an_error()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var selected = ml.Transforms.Concatenate("Features", nameof(Patient.Age), nameof(Patient.Glucose))
                        .Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation("Features", slotsInOutput: 1))
                        .{|#0:Fit|}(data);
                    var split = ml.Data.{|#1:TrainTestSplit|}(selected.Transform(data), 0.2, seed: 1);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.PreprocessingFitBeforeSplit).WithLocation(0).WithLocation(1)
                .WithSeverity(DiagnosticSeverity.Error)
                .WithArguments("'SelectFeaturesBasedOnMutualInformation'", "data", "and its output is split afterwards by 'TrainTestSplit' on line 23"));

    [Fact]
    public Task Correct_pipelines_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data, ITransformer loaded)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);

                    // Preprocessing inside the training chain, fitted on the train split.
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(Patient.Age), nameof(Patient.Glucose))
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
                    var model = pipeline.Fit(split.TrainSet);
                    ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));

                    // Preprocessing fitted on the train split only, applied to both sides.
                    var prep = ml.Transforms.Concatenate("Features", nameof(Patient.Age)).Append(ml.Transforms.NormalizeMinMax("Features")).Fit(split.TrainSet);
                    var trained = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(split.TrainSet));
                    ml.BinaryClassification.Evaluate(trained.Transform(prep.Transform(split.TestSet)));

                    // Validation split for early stopping taken from the train side; the test set was held out first.
                    var trainPrepared = prep.Transform(split.TrainSet);
                    var inner = ml.Data.TrainTestSplit(trainPrepared, 0.1, seed: 1);
                    ml.BinaryClassification.Trainers.LightGbm().Fit(inner.TrainSet, inner.TestSet);

                    // Row-wise steps learn nothing from the rows.
                    var rowWise = ml.Transforms.Concatenate("Features", nameof(Patient.Age)).Append(ml.Transforms.NormalizeLpNorm("Features")).Fit(data);
                    ml.Data.TrainTestSplit(rowWise.Transform(data), 0.2, seed: 1);
                    var defaults = ml.Transforms.ReplaceMissingValues("Glucose").Fit(data);
                    ml.Data.TrainTestSplit(defaults.Transform(data), 0.2, seed: 1);

                    // Cross-validation of the whole pipeline fits preprocessing per fold.
                    ml.BinaryClassification.CrossValidate(data, pipeline, seed: 1);

                    // A model from disk, and preprocessing fitted on other rows.
                    ml.Data.TrainTestSplit(loaded.Transform(data), 0.2, seed: 1);
                }
            }
            """);

    [Fact]
    public Task Fix_moves_the_preprocessing_into_the_training_chain()
        => VerifyFix.FixAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.Concatenate("Features", nameof(Patient.Age), nameof(Patient.Glucose))
                        .Append(ml.Transforms.NormalizeMinMax("Features"));
                    var prepModel = prep.{|MLG2002:Fit|}(data);
                    var prepared = prepModel.Transform(data);
                    var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1);
                    var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
                    var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                }
            }
            """, Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.Concatenate("Features", nameof(Patient.Age), nameof(Patient.Glucose))
                        .Append(ml.Transforms.NormalizeMinMax("Features"));
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                    var model = prep.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
                    var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_fitted_preprocessing_is_used_elsewhere()
        => VerifyFix.NoFixAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.Concatenate("Features", nameof(Patient.Age)).Append(ml.Transforms.NormalizeMinMax("Features"));
                    var prepModel = prep.{|MLG2002:Fit|}(data);
                    var prepared = prepModel.Transform(data);
                    var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1);
                    var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
                    ml.Model.Save(prepModel, data.Schema, "prep.zip");
                }
            }
            """);

    [Fact]
    public Task Preprocessed_rows_split_by_a_helper_are_flagged_naming_the_helper()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<Patient>("patients.csv", separatorChar: ',');
                    var prep = ml.Transforms.NormalizeMinMax(nameof(Patient.Glucose)).{|#0:Fit|}(data);
                    var (train, test) = {|#1:Split|}(ml, prep.Transform(data));
                    var model = ml.BinaryClassification.Trainers.FastTree(featureColumnName: "Glucose").Fit(train);
                    ml.BinaryClassification.Evaluate(model.Transform(test));
                }

                static (IDataView, IDataView) Split(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
                    return (split.TrainSet, split.TestSet);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.PreprocessingFitBeforeSplit).WithLocation(0).WithLocation(1)
                .WithArguments("'NormalizeMinMax'", "data", "and its output is split afterwards by helper 'Split' on line 23"));

    [Fact]
    public Task Preprocessing_fitted_on_the_train_side_of_a_helper_split_is_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<Patient>("patients.csv", separatorChar: ',');
                    var (train, test) = Split(ml, data);
                    var prep = ml.Transforms.NormalizeMinMax(nameof(Patient.Glucose)).Fit(train);
                    var model = ml.BinaryClassification.Trainers.FastTree(featureColumnName: "Glucose").Fit(prep.Transform(train));
                    ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(test)));
                }

                static (IDataView, IDataView) Split(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
                    return (split.TrainSet, split.TestSet);
                }
            }
            """);
}
