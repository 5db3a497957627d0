using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.NonNumericFeatureNotEncodedAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class NonNumericFeatureNotEncodedAnalyzerTests
{
    private const string Order = """
        public class Order
        {
            public float Amount { get; set; }
            public string Country { get; set; } = "";
            public DateTime Placed { get; set; }
            public bool Label { get; set; }
        }

        """;

    [Fact]
    public Task String_and_DateTime_columns_concatenated_into_the_features_are_flagged_on_their_names()
        => VerifyCS.AnalyzerAsync(Order + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, Order[] rows)
                    => ml.Transforms.Concatenate("Features", "Amount", {|#0:"Country"|}, {|#1:"Placed"|})
                        .Append(ml.BinaryClassification.Trainers.FastTree())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """,
            new DiagnosticResult(Descriptors.NonNumericFeatureNotEncoded).WithLocation(0).WithArguments("Country", "String", "Features"),
            new DiagnosticResult(Descriptors.NonNumericFeatureNotEncoded).WithLocation(1).WithArguments("Placed", "DateTime", "Features"));

    [Fact]
    public Task String_member_used_as_the_feature_column_is_flagged()
        => VerifyCS.AnalyzerAsync(Order + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, Order[] rows)
                    => ml.BinaryClassification.Trainers.SdcaLogisticRegression(featureColumnName: {|MLG3005:"Country"|}).Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    [Fact]
    public Task Encoded_text_and_concatenations_that_are_not_features_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Order + """
            public static class Training
            {
                public static void Run(MLContext ml, Order[] rows, IDataView unknown)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Categorical.OneHotEncoding("CountryEncoded", "Country")
                        .Append(ml.Transforms.Concatenate("Features", "Amount", "CountryEncoded"))
                        .Append(ml.BinaryClassification.Trainers.FastTree())
                        .Fit(data);
                    ml.Transforms.Concatenate("Text", "Country", "Country")
                        .Append(ml.Transforms.Text.FeaturizeText("Features", "Country"))
                        .Append(ml.BinaryClassification.Trainers.FastTree())
                        .Fit(data);
                    ml.Transforms.Concatenate("Features", "Country").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(unknown);
                }
            }
            """);

    /// <summary>ml#3897 / ml#1987: a categorical string column concatenated into the features as is.</summary>
    [Fact]
    public Task Issue_3897_raw_category_in_the_features()
        => VerifyCS.AnalyzerAsync("""
            public class TaxiTrip
            {
                public string PaymentType { get; set; } = "";
                public float TripDistance { get; set; }
                public float FareAmount { get; set; }
            }

            public static class Issue3897
            {
                public static ITransformer Run(MLContext mlContext, TaxiTrip[] trips)
                {
                    var pipeline = mlContext.Transforms.CopyColumns("Label", "FareAmount")
                        .Append(mlContext.Transforms.Concatenate("Features", "TripDistance", {|MLG3005:"PaymentType"|}))
                        .Append(mlContext.Regression.Trainers.Sdca());
                    return pipeline.Fit(mlContext.Data.LoadFromEnumerable(trips));
                }
            }
            """);

    /// <summary>Ground truth: ML.NET 5.0.1 rejects a raw string feature and trains once it is one-hot encoded.</summary>
    [Fact]
    public void Ml_net_rejects_a_raw_string_feature_and_trains_when_encoded()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var failure = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Zone")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Schema mismatch for feature column 'Features': expected Vector<Single>, got Vector<String>", failure);
        Assert.Null(MlNet.Failure(() => ml.Transforms.Categorical.OneHotEncoding("ZoneEncoded", "Zone")
            .Append(ml.Transforms.Concatenate("Features", "ZoneEncoded", "Size"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data)));
    }

    public sealed class PlacedOrder
    {
        public DateTime Placed { get; set; }
        public float Size { get; set; }
        public float Price { get; set; }
    }

    /// <summary>Ground truth for the DateTime case: ML.NET 5.0.1 rejects a raw DateTime feature and trains once it is converted.</summary>
    [Fact]
    public void Ml_net_rejects_a_raw_DateTime_feature_and_trains_when_converted()
    {
        var ml = MlNet.Context();
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new PlacedOrder { Placed = new DateTime(2024, 1, 1).AddDays(i * 3), Size = i % 7, Price = 10 + (i % 13) }));
        var alone = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Placed")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Schema mismatch for feature column 'Features': expected Vector<Single>, got Vector<DateTime>", alone);
        var direct = MlNet.Failure(() => ml.Regression.Trainers.Sdca(labelColumnName: "Price", featureColumnName: "Placed").Fit(data));
        Assert.Contains("Schema mismatch for feature column 'Placed': expected Vector<Single>, got DateTime", direct);
        Assert.Null(MlNet.Failure(() => ml.Transforms.Conversion.ConvertType("PlacedF", "Placed", Microsoft.ML.Data.DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", "Size", "PlacedF"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data)));
    }
}
