using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.TestSetReusedAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class TestSetReusedAnalyzerTests
{
    private const string Types = """
        public class Flat
        {
            [LoadColumn(0)] public float Rooms { get; set; }
            [LoadColumn(1)] public float Label { get; set; }
        }

        """;

    // Yang et al. "multi-test leakage": selecting among models by their test score.
    [Fact]
    public Task Two_models_scored_on_one_test_partition_are_reported_on_the_second()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Selection
            {
                public static ITransformer Pick(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var sdca = ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                    var tree = ml.Regression.Trainers.FastTree().Fit(split.TrainSet);
                    var a = ml.Regression.{|#1:Evaluate|}(sdca.Transform(split.TestSet));
                    var b = ml.Regression.{|#0:Evaluate|}(tree.Transform(split.TestSet));
                    return a.RSquared > b.RSquared ? sdca : tree;
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.TestSetReused).WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("Evaluate", "scores a second model (the first on line 21)", "split.TestSet"));

    [Fact]
    public Task Models_fitted_in_a_loop_and_scored_on_one_test_partition_are_reported()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Selection
            {
                public static void Sweep(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    foreach (var trees in new[] { 10, 50, 100 })
                    {
                        var model = ml.Regression.Trainers.FastTree(numberOfTrees: trees).Fit(split.TrainSet);
                        Console.WriteLine(ml.Regression.{|MLG2004:Evaluate|}(model.Transform(split.TestSet)).RSquared);
                    }
                }
            }
            """);

    [Fact]
    public Task Validation_split_for_selection_and_single_final_test_are_not_reported()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Selection
            {
                public static void Pick(MLContext ml, IDataView data)
                {
                    var outer = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.2, seed: 1);
                    var sdca = ml.Regression.Trainers.Sdca().Fit(inner.TrainSet);
                    var tree = ml.Regression.Trainers.FastTree().Fit(inner.TrainSet);
                    ml.Regression.Evaluate(sdca.Transform(inner.TestSet));
                    ml.Regression.Evaluate(tree.Transform(inner.TestSet));
                    var final = ml.Regression.Trainers.FastTree().Fit(outer.TrainSet);
                    ml.Regression.Evaluate(final.Transform(outer.TestSet));

                    // The same model scored twice is not a comparison.
                    ml.Regression.Evaluate(final.Transform(outer.TestSet));

                    // Cross-validation folds: each model has its own test fold.
                    foreach (var fold in ml.Data.CrossValidationSplit(data, 3, seed: 1))
                    {
                        var m = ml.Regression.Trainers.Sdca().Fit(fold.TrainSet);
                        ml.Regression.Evaluate(m.Transform(fold.TestSet));
                    }
                }
            }
            """);

    [Fact]
    public Task Two_models_scored_through_one_helper_on_one_test_partition_are_reported()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<Flat>("flats.csv", separatorChar: ',');
                    var split = ml.Data.{|#2:TrainTestSplit|}(data, 0.2, seed: 1);
                    var sdca = ml.Regression.Trainers.Sdca(featureColumnName: "Rooms").Fit(split.TrainSet);
                    var tree = ml.Regression.Trainers.FastTree(featureColumnName: "Rooms").Fit(split.TrainSet);
                    var first = {|#1:Score|}(ml, sdca, split.TestSet);
                    var second = {|#0:Score|}(ml, tree, split.TestSet);
                }

                static double Score(MLContext ml, ITransformer model, IDataView test)
                    => ml.Regression.Evaluate(model.Transform(test)).RSquared;
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.TestSetReused)
                .WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("Score", "scores a second model (the first on line 23)", "split.TestSet"));

    [Fact]
    public Task One_model_scored_through_a_helper_is_not_reported()
        => VerifyCS.AnalyzerAsync(Types + """
            public class Program
            {
                public static void Main()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<Flat>("flats.csv", separatorChar: ',');
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
                    var model = Train(ml, split.TrainSet);
                    Score(ml, model, split.TestSet);
                    Score(ml, model, split.TestSet);
                }

                static ITransformer Train(MLContext ml, IDataView train)
                    => ml.Regression.Trainers.Sdca(featureColumnName: "Rooms").Fit(train);

                static double Score(MLContext ml, ITransformer model, IDataView test)
                    => ml.Regression.Evaluate(model.Transform(test)).RSquared;
            }
            """);
}
