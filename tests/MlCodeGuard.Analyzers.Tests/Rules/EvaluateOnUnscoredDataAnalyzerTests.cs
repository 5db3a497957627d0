using Microsoft.ML;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.EvaluateOnUnscoredDataAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.EvaluateOnUnscoredDataAnalyzer, MlCodeGuard.CodeFixes.EvaluateOnUnscoredDataCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class EvaluateOnUnscoredDataAnalyzerTests
{
    private const string House = """
        public class House
        {
            public float Size { get; set; }
            public float Label { get; set; }
        }

        """;

    [Fact]
    public Task Evaluate_on_loaded_split_or_preprocessed_data_is_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var split = ml.Data.TrainTestSplit(data, 0.2);
                    var model = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
                    ml.Regression.{|MLG3011:Evaluate|}(split.TestSet);
                    var prep = ml.Transforms.Concatenate("Features", "Size").Fit(data);
                    ml.Regression.{|MLG3011:Evaluate|}(prep.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Scored_and_unknown_data_are_not_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows, IDataView scored)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca()).Fit(data);
                    ml.Regression.Evaluate(model.Transform(data));
                    ml.Regression.Evaluate(scored);
                    ml.Regression.Evaluate(data, scoreColumnName: "Size");
                    ml.Regression.Evaluate(ml.Transforms.CustomMapping<House, House>((a, b) => b.Size = a.Size, null).Fit(data).Transform(data));
                }
            }
            """);

    /// <summary>ml#2535: the test data is evaluated without being scored by the model.</summary>
    [Fact]
    public Task Issue_2535_test_data_not_transformed()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Issue2535
            {
                public static void Run(MLContext mlContext, IEnumerable<House> train, IEnumerable<House> test)
                {
                    var trainData = mlContext.Data.LoadFromEnumerable(train);
                    var testData = mlContext.Data.LoadFromEnumerable(test);
                    var model = mlContext.Transforms.Concatenate("Features", "Size").Append(mlContext.Regression.Trainers.FastTree()).Fit(trainData);
                    var metrics = mlContext.Regression.{|MLG3011:Evaluate|}(testData, labelColumnName: "Label");
                }
            }
            """);

    [Fact]
    public Task Fix_wraps_the_data_in_the_model_Transform()
        => VerifyFix.FixAsync(House + """
            public static class Training
            {
                public static RegressionMetrics Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca()).Fit(data);
                    return ml.Regression.{|MLG3011:Evaluate|}(data, "Label");
                }
            }
            """, House + """
            public static class Training
            {
                public static RegressionMetrics Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca()).Fit(data);
                    return ml.Regression.Evaluate(model.Transform(data), "Label");
                }
            }
            """);

    [Fact]
    public Task No_fix_without_a_single_fitted_model_in_scope()
        => VerifyFix.NoFixAsync(House + """
            public static class Training
            {
                public static RegressionMetrics Run(MLContext ml, House[] rows) => ml.Regression.{|MLG3011:Evaluate|}(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    /// <summary>Ground truth: ML.NET 5.0.1 throws for unscored data and evaluates the model's output.</summary>
    [Fact]
    public void Ml_net_throws_for_unscored_data_and_evaluates_transformed_data()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var model = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);
        Assert.Contains("Score column 'Score' not found", MlNet.Failure(() => ml.Regression.Evaluate(data, "Price")));
        Assert.Null(MlNet.Failure(() => ml.Regression.Evaluate(model.Transform(data), "Price")));
    }
}
