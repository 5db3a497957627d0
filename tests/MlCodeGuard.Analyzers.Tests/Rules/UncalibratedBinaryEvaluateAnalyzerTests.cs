using Microsoft.ML;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.UncalibratedBinaryEvaluateAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.UncalibratedBinaryEvaluateAnalyzer, MlCodeGuard.CodeFixes.UncalibratedBinaryEvaluateCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class UncalibratedBinaryEvaluateAnalyzerTests
{
    private const string Review = """
        public class Review
        {
            public float Length { get; set; }
            public float Stars { get; set; }
            public bool Label { get; set; }
        }

        """;

    [Fact]
    public Task Calibrated_Evaluate_of_non_calibrated_trainers_is_flagged_on_Evaluate()
        => VerifyCS.AnalyzerAsync(Review + """
            public static class Training
            {
                public static void Run(MLContext ml, Review[] rows)
                {
                    var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), 0.2);
                    var features = ml.Transforms.Concatenate("Features", "Length", "Stars");
                    var perceptron = features.Append(ml.BinaryClassification.Trainers.AveragedPerceptron()).Fit(split.TrainSet);
                    ml.BinaryClassification.{|MLG3010:Evaluate|}(perceptron.Transform(split.TestSet));
                    var forest = features.Append(ml.BinaryClassification.Trainers.FastForest()).Fit(split.TrainSet);
                    var scored = forest.Transform(split.TestSet);
                    ml.BinaryClassification.{|MLG3010:Evaluate|}(scored, labelColumnName: "Label");
                    var svm = features.Append(ml.BinaryClassification.Trainers.LinearSvm()).Fit(split.TrainSet);
                    ml.BinaryClassification.{|MLG3010:Evaluate|}(svm.Transform(split.TestSet));
                }
            }
            """);

    [Fact]
    public Task Calibrated_trainers_and_EvaluateNonCalibrated_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Review + """
            public static class Training
            {
                public static void Run(MLContext ml, Review[] rows, ITransformer loaded)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var features = ml.Transforms.Concatenate("Features", "Length", "Stars");
                    var logistic = features.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(data);
                    ml.BinaryClassification.Evaluate(logistic.Transform(data));
                    var perceptron = features.Append(ml.BinaryClassification.Trainers.AveragedPerceptron()).Fit(data);
                    ml.BinaryClassification.EvaluateNonCalibrated(perceptron.Transform(data));
                    ml.BinaryClassification.Evaluate(loaded.Transform(data));
                    var calibrated = features.Append(ml.BinaryClassification.Trainers.LinearSvm())
                        .Append(ml.BinaryClassification.Calibrators.Platt()).Fit(data);
                    ml.BinaryClassification.Evaluate(calibrated.Transform(data));
                }
            }
            """);

    /// <summary>ml#3754 / ml#2477: AveragedPerceptron evaluated with the calibrated Evaluate.</summary>
    [Fact]
    public Task Issue_3754_perceptron_with_calibrated_Evaluate()
        => VerifyCS.AnalyzerAsync(Review + """
            public static class Issue3754
            {
                public static void Run(MLContext mlContext, List<Review> reviews)
                {
                    IDataView data = mlContext.Data.LoadFromEnumerable(reviews);
                    var pipeline = mlContext.Transforms.Concatenate("Features", "Length", "Stars")
                        .Append(mlContext.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 10));
                    var model = pipeline.Fit(data);
                    var predictions = model.Transform(data);
                    var metrics = mlContext.BinaryClassification.{|MLG3010:Evaluate|}(predictions, "Label");
                }
            }
            """);

    [Fact]
    public Task Fix_uses_EvaluateNonCalibrated()
        => VerifyFix.FixAsync(Review + """
            public static class Training
            {
                public static BinaryClassificationMetrics Run(MLContext ml, Review[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Length").Append(ml.BinaryClassification.Trainers.SdcaNonCalibrated()).Fit(data);
                    return ml.BinaryClassification.{|MLG3010:Evaluate|}(model.Transform(data), "Label");
                }
            }
            """, Review + """
            public static class Training
            {
                public static BinaryClassificationMetrics Run(MLContext ml, Review[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Length").Append(ml.BinaryClassification.Trainers.SdcaNonCalibrated()).Fit(data);
                    return ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data), "Label");
                }
            }
            """);

    /// <summary>Ground truth: ML.NET 5.0.1 throws for the calibrated Evaluate and runs EvaluateNonCalibrated.</summary>
    [Fact]
    public void Ml_net_throws_for_calibrated_Evaluate_of_a_perceptron_and_runs_EvaluateNonCalibrated()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.BinaryClassification.Trainers.AveragedPerceptron(labelColumnName: "Expensive")).Fit(data);
        var scored = model.Transform(data);
        Assert.Contains("Probability column 'Probability' not found", MlNet.Failure(() => ml.BinaryClassification.Evaluate(scored, "Expensive")));
        Assert.Null(MlNet.Failure(() => ml.BinaryClassification.EvaluateNonCalibrated(scored, "Expensive")));
    }
}
