using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.FeatureItemTypeMismatchAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class FeatureItemTypeMismatchAnalyzerTests
{
    private const string House = """
        public class House
        {
            public float Size { get; set; }
            public float Rooms { get; set; }
            public double Age { get; set; }
            public int Floors { get; set; }
            public bool Garden { get; set; }
            public string Zone { get; set; } = "";
            public float Label { get; set; }
        }

        """;

    [Fact]
    public Task Double_features_are_flagged_on_the_trainer()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                    => ml.Transforms.Concatenate("Features", "Age")
                        .Append(ml.Regression.Trainers.{|#0:Sdca|}())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """,
            new DiagnosticResult(Descriptors.FeatureItemTypeMismatch).WithLocation(0)
                .WithArguments("Features", "trainer 'Sdca'", "Vector<Double, 1>", "Single items: make the members float, or insert ConvertType(..., DataKind.Single)"));

    [Fact]
    public Task Concatenate_mixing_item_types_is_flagged_on_the_odd_input()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms", {|#0:"Floors"|})
                        .Append(ml.Regression.Trainers.Sdca())
                        .Fit(data);
                    ml.Regression.Trainers.FastTree(featureColumnName: {|#1:"Garden"|}).Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.FeatureItemTypeMismatch).WithLocation(0)
                .WithArguments("Floors", "'Concatenate'", "Int32", "the item type of 'Size' (Single): Concatenate needs one item type"),
            new DiagnosticResult(Descriptors.FeatureItemTypeMismatch).WithLocation(1)
                .WithArguments("Garden", "trainer 'FastTree'", "Boolean", "Single items: make the members float, or insert ConvertType(..., DataKind.Single)"));

    [Fact]
    public Task Single_features_converted_columns_and_encoded_text_are_not_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows, IDataView unknown)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Regression.Trainers.Sdca()).Fit(data);
                    ml.Transforms.Conversion.ConvertType(new[] { new InputOutputColumnPair("AgeF", "Age"), new InputOutputColumnPair("FloorsF", "Floors") }, DataKind.Single)
                        .Append(ml.Transforms.Concatenate("Features", "Size", "AgeF", "FloorsF"))
                        .Append(ml.Regression.Trainers.Sdca())
                        .Fit(data);
                    ml.Transforms.Categorical.OneHotEncoding("ZoneEncoded", "Zone")
                        .Append(ml.Transforms.Text.FeaturizeText("ZoneText", "Zone"))
                        .Append(ml.Transforms.Concatenate("Features", "ZoneEncoded", "ZoneText"))
                        .Append(ml.Regression.Trainers.LightGbm())
                        .Fit(data);
                    ml.Transforms.Concatenate("Features", "Age").Append(ml.Regression.Trainers.Sdca()).Fit(unknown);
                }
            }
            """);

    /// <summary>ml#4141: double members concatenated into the features.</summary>
    [Fact]
    public Task Issue_4141_double_members_in_the_features()
        => VerifyCS.AnalyzerAsync("""
            public class StockData
            {
                public double Open { get; set; }
                public double Close { get; set; }
                public float Label { get; set; }
            }

            public static class Issue4141
            {
                public static ITransformer Run(MLContext mlContext, IEnumerable<StockData> rows)
                {
                    var data = mlContext.Data.LoadFromEnumerable(rows);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(StockData.Open), nameof(StockData.Close))
                        .Append(mlContext.Regression.Trainers.{|MLG3003:FastTree|}());
                    return pipeline.Fit(data);
                }
            }
            """);

    /// <summary>Ground truth: ML.NET 5.0.1 rejects double and mixed features and trains on Single ones.</summary>
    [Fact]
    public void Ml_net_rejects_non_Single_and_mixed_features_and_trains_on_Single()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var doubles = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Age")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Schema mismatch for feature column 'Features': expected Vector<Single>, got Vector<Double>", doubles);
        var booleans = MlNet.Failure(() => ml.Regression.Trainers.FastTree(labelColumnName: "Price", featureColumnName: "Expensive").Fit(data));
        Assert.Contains("Schema mismatch for feature column 'Expensive'", booleans);
        var mixed = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size", "Rooms", "Floors")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Concatenated columns should have the same type", mixed);

        Assert.Null(MlNet.Failure(() => ml.Transforms.Conversion.ConvertType("AgeF", "Age", Microsoft.ML.Data.DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", "AgeF"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data)));
        Assert.Null(MlNet.Failure(() => ml.Transforms.Conversion.ConvertType("FloorsF", "Floors", Microsoft.ML.Data.DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", "Size", "Rooms", "FloorsF"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data)));
    }
}
