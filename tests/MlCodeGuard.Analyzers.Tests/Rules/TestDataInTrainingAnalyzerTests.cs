using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.TestDataInTrainingAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.TestDataInTrainingAnalyzer, MlCodeGuard.CodeFixes.TestDataInTrainingCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class TestDataInTrainingAnalyzerTests
{
    private const string Types = """
        public class Loan
        {
            [LoadColumn(0)] public float Income { get; set; }
            [LoadColumn(1)] public float Debt { get; set; }
            [LoadColumn(2)] public bool Label { get; set; }
        }

        """;

    // Yang et al. "overlap leakage": the test partition tunes the model through early stopping.
    [Fact]
    public Task Test_partition_as_the_early_stopping_validation_set_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { EarlyStoppingRound = 5 });
                    var model = trainer.{|#0:Fit|}(split.TrainSet, split.TestSet);
                    var metrics = ml.BinaryClassification.{|#1:Evaluate|}(model.Transform(split.TestSet));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.TestDataInTraining).WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("Fit", "validates (early stopping) on", "split.TestSet", 22));

    [Fact]
    public Task Preprocessing_fitted_on_the_test_partition_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var prep = ml.Transforms.Concatenate("Features", nameof(Loan.Income), nameof(Loan.Debt))
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .{|MLG2003:Fit|}(split.TestSet);
                    var model = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(split.TrainSet));
                    ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(split.TestSet)));
                }
            }
            """);

    [Fact]
    public Task Separate_validation_split_and_correct_pipelines_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var outer = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.1, seed: 1);
                    var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { EarlyStoppingRound = 5 });
                    var model = trainer.Fit(inner.TrainSet, inner.TestSet);
                    ml.BinaryClassification.Evaluate(model.Transform(outer.TestSet));

                    var prep = ml.Transforms.NormalizeMinMax("Income").Fit(outer.TrainSet);
                    var scored = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(outer.TrainSet));
                    ml.BinaryClassification.Evaluate(scored.Transform(prep.Transform(outer.TestSet)));

                    // A model fitted on the test side and never evaluated there: nothing is measured on it.
                    ml.BinaryClassification.Trainers.FastTree().Fit(outer.TestSet);
                }
            }
            """);

    [Fact]
    public Task Fix_fits_the_preprocessing_on_the_train_partition()
        => VerifyFix.FixAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var prep = ml.Transforms.NormalizeMinMax("Income").{|MLG2003:Fit|}(split.TestSet);
                    var model = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(split.TrainSet));
                    ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(split.TestSet)));
                }
            }
            """, Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var prep = ml.Transforms.NormalizeMinMax("Income").Fit(split.TrainSet);
                    var model = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(split.TrainSet));
                    ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(split.TestSet)));
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_validation_set()
        => VerifyFix.NoFixAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var model = ml.BinaryClassification.Trainers.FastTree().{|MLG2003:Fit|}(split.TrainSet, split.TestSet);
                    ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                }
            }
            """);

    // Unions of rows: test rows appended to the training rows (Yang et al. overlap leakage through concatenation).
    [Fact]
    public Task Test_rows_concatenated_into_the_training_rows_are_flagged_at_the_Fit()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var all = ml.Data.LoadFromEnumerable(
                        ml.Data.CreateEnumerable<Loan>(split.TrainSet, reuseRowObject: false)
                            .Concat(ml.Data.CreateEnumerable<Loan>(split.TestSet, reuseRowObject: false)));
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(Loan.Income), nameof(Loan.Debt))
                        .Append(ml.BinaryClassification.Trainers.FastTree());
                    var model = pipeline.{|#0:Fit|}(all);
                    ml.BinaryClassification.{|#1:Evaluate|}(model.Transform(split.TestSet));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.TestDataInTraining)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("Fit", "is fitted on 'all', which appends the", "split.TestSet", 26));

    [Fact]
    public Task Test_rows_appended_through_a_list_are_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var rows = ml.Data.CreateEnumerable<Loan>(split.TestSet, false).ToList();
                    var more = ml.Data.CreateEnumerable<Loan>(split.TrainSet, false).Concat(rows);
                    var model = ml.BinaryClassification.Trainers.FastTree(featureColumnName: "Income").{|#0:Fit|}(ml.Data.LoadFromEnumerable(more));
                    ml.BinaryClassification.{|#1:Evaluate|}(model.Transform(split.TestSet));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.TestDataInTraining)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("Fit", "is fitted on 'ml.Data.LoadFromEnumerable(more)', which appends the", "split.TestSet", 23));

    [Fact]
    public Task Train_rows_with_extra_rows_appended_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data, List<Loan> synthetic, IDataView external)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var augmented = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Loan>(split.TrainSet, false).Concat(synthetic));
                    var model = ml.BinaryClassification.Trainers.FastTree(featureColumnName: "Income").Fit(augmented);
                    ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));

                    // Unknown rows appended: whether they hold test rows is not known, so nothing is said.
                    var unknown = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Loan>(split.TrainSet, false).Concat(ml.Data.CreateEnumerable<Loan>(external, false)));
                    var model2 = ml.BinaryClassification.Trainers.FastTree(featureColumnName: "Income").Fit(unknown);
                    ml.BinaryClassification.Evaluate(model2.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Test_partition_passed_to_a_helper_as_its_validation_set_is_flagged_at_the_call()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<Loan>("loans.csv", separatorChar: ',');
                    var split = ml.Data.{|#3:TrainTestSplit|}(data, 0.2, seed: 1);
                    var model = {|#0:TrainWithEarlyStopping|}(ml, split.TrainSet, split.TestSet);
                    ml.BinaryClassification.{|#2:Evaluate|}(model.Transform(split.TestSet));
                }

                static ITransformer TrainWithEarlyStopping(MLContext ml, IDataView train, IDataView validation)
                {
                    var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { FeatureColumnName = "Income" });
                    return trainer.{|#1:Fit|}(train, validation);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.TestDataInTraining)
                .WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("TrainWithEarlyStopping", "makes a Fit that validates (early stopping) on", "split.TestSet", 23));

    [Fact]
    public Task Validation_split_of_the_train_side_passed_to_a_helper_is_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<Loan>("loans.csv", separatorChar: ',');
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var inner = ml.Data.TrainTestSplit(split.TrainSet, 0.1, seed: 1);
                    var model = TrainWithEarlyStopping(ml, inner.TrainSet, inner.TestSet);
                    ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                }

                static ITransformer TrainWithEarlyStopping(MLContext ml, IDataView train, IDataView validation)
                    => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { FeatureColumnName = "Income" }).Fit(train, validation);
            }
            """);
}
