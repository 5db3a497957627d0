using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.LabelInFeaturesAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.LabelInFeaturesAnalyzer, MlCodeGuard.CodeFixes.LabelInFeaturesCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class LabelInFeaturesAnalyzerTests
{
    private const string Types = """
        public class Trip
        {
            [LoadColumn(0)] public float Distance { get; set; }
            [LoadColumn(1)] public float Passengers { get; set; }
            [LoadColumn(2)] public float Fare { get; set; }
            [LoadColumn(3)] public float Label { get; set; }
            [LoadColumn(4)] public string Vendor { get; set; } = "";
        }

        """;

    [Fact]
    public Task Default_label_among_the_concatenate_inputs_is_flagged_on_the_argument()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.Concatenate("Features", nameof(Trip.Distance), {|#0:nameof(Trip.Label)|})
                        .Append(ml.Regression.Trainers.Sdca());
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.LabelInFeatures).WithLocation(0)
                .WithArguments("Label", "Features", "it is the label of 'Sdca'"));

    [Fact]
    public Task Named_label_and_feature_columns_are_read_from_the_trainer()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                {
                    var features = ml.Transforms.Concatenate("X", "Distance", {|MLG2005:"Fare"|});
                    var other = ml.Transforms.Concatenate("Features", "Fare");
                    return features.Append(other).Append(ml.Regression.Trainers.FastTree(labelColumnName: "Fare", featureColumnName: "X"));
                }
            }
            """);

    [Fact]
    public Task Label_set_in_trainer_options_is_read()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                {
                    var options = new SdcaRegressionTrainer.Options { LabelColumnName = "Fare", MaximumNumberOfIterations = 10 };
                    return ml.Transforms.Concatenate("Features", "Distance", {|MLG2005:"Fare"|})
                        .AppendCacheCheckpoint(ml)
                        .Append(ml.Regression.Trainers.Sdca(options));
                }
            }
            """);

    [Fact]
    public Task Columns_copied_from_or_into_the_label_are_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.CopyColumns("Label", nameof(Trip.Fare))
                        .Append(ml.Transforms.CopyColumns("FareCopy", "Label"))
                        .Append(ml.Transforms.NormalizeMinMax("FareNorm", "FareCopy"))
                        .Append(ml.Transforms.Concatenate("Features", "Distance", {|#0:"Fare"|}, {|#1:"FareNorm"|}))
                        .Append(ml.Regression.Trainers.Sdca());
                    pipeline.Fit(data);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.LabelInFeatures).WithLocation(0)
                .WithArguments("Fare", "Features", "the label 'Label' of 'Sdca' is made from it"),
            new DiagnosticResult(Diagnostics.Descriptors.LabelInFeatures).WithLocation(1)
                .WithArguments("FareNorm", "Features", "it carries the values of the label 'Label' of 'Sdca'"));

    [Fact]
    public Task A_prefix_shared_by_two_trainers_is_reported_once()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var prefix = ml.Transforms.Concatenate("Features", new[] { "Distance", {|MLG2005:"Label"|} });
                    var a = prefix.Append(ml.Regression.Trainers.Sdca());
                    var b = prefix.Append(ml.Regression.Trainers.FastTree());
                    ml.Regression.CrossValidate(data, a, seed: 1);
                }
            }
            """);

    [Fact]
    public Task Multiclass_key_label_made_from_a_feature_column_is_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.Conversion.MapValueToKey("Label", nameof(Trip.Vendor))
                        .Append(ml.Transforms.Categorical.OneHotEncoding("VendorEncoded", {|MLG2005:"Vendor"|}))
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "VendorEncoded"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
            }
            """.Replace("{|MLG2005:\"Vendor\"|}", "\"Vendor\"").Replace("\"Distance\", \"VendorEncoded\"", "\"Distance\", {|MLG2005:\"VendorEncoded\"|}"));

    [Fact]
    public Task Correct_pipelines_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data, IEstimator<ITransformer> external)
                {
                    // The label is copied from Fare and Fare stays out of the features.
                    var pipeline = ml.Transforms.CopyColumns("Label", nameof(Trip.Fare))
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Passengers"))
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append(ml.Regression.Trainers.Sdca());
                    pipeline.Fit(data);

                    // A column named Label that is not this trainer's label.
                    ml.Transforms.Concatenate("Features", "Label", "Distance").Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare"));

                    // The Concatenate builds another column than the trainer's features.
                    ml.Transforms.Concatenate("Debug", "Label").Append(ml.Transforms.Concatenate("Features", "Distance")).Append(ml.Regression.Trainers.Sdca());

                    // A Concatenate after the trainer, and a chain that cannot be read completely.
                    ml.Regression.Trainers.Sdca().Append(ml.Transforms.Concatenate("Features", "Label"));
                    external.Append(ml.Transforms.Concatenate("Features", "Label")).Append(ml.Regression.Trainers.Sdca(labelColumnName: "Label"));

                    // Options built elsewhere: the label is not known.
                    var options = new SdcaRegressionTrainer.Options();
                    options.LabelColumnName = "Distance";
                    ml.Transforms.Concatenate("Features", "Label").Append(ml.Regression.Trainers.Sdca(options));
                }
            }
            """);

    [Fact]
    public Task Fix_removes_the_column_from_the_inputs()
        => VerifyFix.FixAsync(Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.Concatenate("Features", "Distance", {|MLG2005:"Label"|}, "Passengers")
                        .Append(ml.Transforms.Concatenate("Other", "Label"))
                        .Append(ml.Regression.Trainers.Sdca());

                public static IEstimator<ITransformer> Array(MLContext ml)
                    => ml.Transforms.Concatenate("Features", new[] { {|MLG2005:"Label"|}, "Distance" })
                        .Append(ml.Regression.Trainers.Sdca());
            }
            """, Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.Transforms.Concatenate("Other", "Label"))
                        .Append(ml.Regression.Trainers.Sdca());

                public static IEstimator<ITransformer> Array(MLContext ml)
                    => ml.Transforms.Concatenate("Features", new[] { "Distance" })
                        .Append(ml.Regression.Trainers.Sdca());
            }
            """);

    [Fact]
    public Task No_fix_when_the_label_is_the_only_input()
        => VerifyFix.NoFixAsync(Types + """
            public static class Training
            {
                public static IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.Concatenate("Features", {|MLG2005:"Label"|})
                        .Append(ml.Regression.Trainers.Sdca());
            }
            """);

    [Fact]
    public Task Features_built_by_a_helper_of_the_same_type_are_read()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                static IEstimator<ITransformer> Featurize(MLContext ml)
                    => ml.Transforms.Concatenate("Features", nameof(Trip.Distance), {|#0:"Label"|});

                public static ITransformer Run(MLContext ml, IDataView data)
                    => Featurize(ml).Append(ml.Regression.Trainers.Sdca()).Fit(data);
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.LabelInFeatures)
                .WithLocation(0)
                .WithArguments("Label", "Features", "it is the label of 'Sdca'"));

    [Fact]
    public Task Features_from_a_helper_taking_the_columns_stay_unknown()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                static IEstimator<ITransformer> Featurize(MLContext ml, string[] columns)
                    => ml.Transforms.Concatenate("Features", columns);

                public static ITransformer Run(MLContext ml, IDataView data)
                    => Featurize(ml, new[] { "Distance", "Label" }).Append(ml.Regression.Trainers.Sdca()).Fit(data);
            }
            """);
}
