using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.LabelTypeMismatchAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class LabelTypeMismatchAnalyzerTests
{
    private const string House = """
        public class House
        {
            public float Size { get; set; }
            public bool Expensive { get; set; }
            public float Price { get; set; }
            public double Age { get; set; }
            public int Label { get; set; }
        }

        """;

    [Fact]
    public Task Binary_label_that_is_not_Boolean_is_flagged_on_its_name()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                    => ml.Transforms.Concatenate("Features", "Size")
                        .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: {|#0:"Price"|}))
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """,
            new DiagnosticResult(Descriptors.LabelTypeMismatch).WithLocation(0).WithArguments("Price", "binary classification", "FastTree", "Single", "Boolean"));

    [Fact]
    public Task Regression_label_that_is_not_Single_is_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var features = ml.Transforms.Concatenate("Features", "Size");
                    features.Append(ml.Regression.Trainers.Sdca(labelColumnName: {|#0:"Age"|})).Fit(data);
                    features.Append(ml.Regression.Trainers.{|#1:LightGbm|}()).Fit(data);
                    features.Append(ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options { LabelColumnName = {|#2:"Expensive"|} })).Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.LabelTypeMismatch).WithLocation(0).WithArguments("Age", "regression", "Sdca", "Double", "Single"),
            new DiagnosticResult(Descriptors.LabelTypeMismatch).WithLocation(1).WithArguments("Label", "regression", "LightGbm", "Int32", "Single"),
            new DiagnosticResult(Descriptors.LabelTypeMismatch).WithLocation(2).WithArguments("Expensive", "regression", "FastForest", "Boolean", "Single"));

    [Fact]
    public Task Matching_and_converted_labels_are_not_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows, IDataView unknown)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var features = ml.Transforms.Concatenate("Features", "Size");
                    features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: "Expensive")).Fit(data);
                    features.Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);
                    features.Append(ml.Transforms.Conversion.ConvertType("AgeF", "Age", DataKind.Single))
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "AgeF")).Fit(data);
                    features.Append(ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Single))
                        .Append(ml.Regression.Trainers.FastTree()).Fit(data);
                    features.Append(ml.Regression.Trainers.Sdca(labelColumnName: "Age")).Fit(unknown);
                }
            }
            """);

    /// <summary>ml#7153 / ml#6544: a float 0/1 label given to a binary classifier.</summary>
    [Fact]
    public Task Issue_7153_float_label_for_binary_classification()
        => VerifyCS.AnalyzerAsync("""
            public class ModelInput
            {
                public float Feature1 { get; set; }
                public float Feature2 { get; set; }
                public float Label { get; set; }
            }

            public static class Issue7153
            {
                public static ITransformer Run(MLContext mlContext, List<ModelInput> rows)
                {
                    var pipeline = mlContext.Transforms.Concatenate("Features", "Feature1", "Feature2")
                        .Append(mlContext.BinaryClassification.Trainers.{|MLG3002:SdcaLogisticRegression|}());
                    return pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows));
                }
            }
            """);

    /// <summary>Ground truth: ML.NET 5.0.1 throws for both mismatches and trains with the right label types.</summary>
    [Fact]
    public void Ml_net_rejects_wrong_label_types_and_trains_with_the_right_ones()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var binary = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size")
            .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Schema mismatch for label column 'Price': expected Boolean, got Single", binary);
        var regression = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Age")).Fit(data));
        Assert.Contains("Schema mismatch for label column 'Age': expected Single, got Double", regression);
        var integer = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Floors")).Fit(data));
        Assert.Contains("Schema mismatch for label column 'Floors': expected Single, got Int32", integer);

        Assert.Null(MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size")
            .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Expensive")).Fit(data)));
        Assert.Null(MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data)));
    }
}
