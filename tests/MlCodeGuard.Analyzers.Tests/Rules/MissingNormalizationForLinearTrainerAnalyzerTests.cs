using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.MissingNormalizationForLinearTrainerAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.MissingNormalizationForLinearTrainerAnalyzer, MlCodeGuard.CodeFixes.MissingNormalizationForLinearTrainerCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class MissingNormalizationForLinearTrainerAnalyzerTests
{
    private const string Types = """

        public class House
        {
            public float Size { get; set; }
            public float Rooms { get; set; }
            public float Price { get; set; }
            public string Zone { get; set; } = "";
            public string Text { get; set; } = "";
            public bool Label { get; set; }
        }
        """;

    private static DiagnosticResult Unscaled(int location, string trainer, string features, string raw)
        => new DiagnosticResult(Descriptors.MissingNormalizationForLinearTrainer).WithLocation(location).WithArguments(trainer, features, raw);

    [Fact]
    public Task Sdca_on_raw_members_gets_a_normalizer_inside_the_chain()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static ITransformer Train(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.{|MLG4006:Sdca|}(labelColumnName: "Price"));
                    return pipeline.Fit(data);
                }
            }
            """ + Types, """
            public static class Training
            {
                public static ITransformer Train(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
                    return pipeline.Fit(data);
                }
            }
            """ + Types);

    [Fact]
    public Task Message_names_the_raw_member_behind_a_mixed_feature_vector()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Categorical.OneHotEncoding("ZoneVector", "Zone")
                        .Append(ml.Transforms.CopyColumns("Area", "Size"))
                        .Append(ml.Transforms.Concatenate("Features", "ZoneVector", "Area"))
                        .Append(ml.BinaryClassification.Trainers.{|#0:LbfgsLogisticRegression|}())
                        .Fit(data);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Clustering.Trainers.{|#1:KMeans|}(numberOfClusters: 3))
                        .Fit(data);
                }
            }
            """ + Types,
            Unscaled(0, "LbfgsLogisticRegression", "Features", "'Size' (member House.Size)"),
            Unscaled(1, "KMeans", "Features", "'Size' (member House.Size)"));

    [Fact]
    public Task Fix_all_normalizes_in_every_chain()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.BinaryClassification.Trainers.{|MLG4006:SgdCalibrated|}()).Fit(data);
                    ml.Transforms.Concatenate("F", "Size").Append(ml.BinaryClassification.Trainers.{|MLG4006:LinearSvm|}(featureColumnName: "F")).Fit(data);
                }
            }
            """ + Types, """
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.BinaryClassification.Trainers.SgdCalibrated()).Fit(data);
                    ml.Transforms.Concatenate("F", "Size").Append(ml.Transforms.NormalizeMinMax("F")).Append(ml.BinaryClassification.Trainers.LinearSvm(featureColumnName: "F")).Fit(data);
                }
            }
            """ + Types);

    [Fact]
    public Task Trainer_alone_is_reported_but_not_fixed()
        => VerifyFix.NoFixAsync("""
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<Measured> rows)
                    => ml.BinaryClassification.Trainers.{|MLG4006:AveragedPerceptron|}().Fit(ml.Data.LoadFromEnumerable(rows));
            }

            public class Measured
            {
                [VectorType(3)] public float[] Features { get; set; } = new float[3];
                public bool Label { get; set; }
            }
            """);

    [Fact]
    public Task Normalized_encoded_tree_and_unknown_features_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Correct
            {
                public static void Train(MLContext ml, IEnumerable<House> rows, IDataView unknown)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);

                    // Normalized in the chain, before or after the Concatenate.
                    ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMeanVariance("Features"))
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);
                    ml.Transforms.NormalizeMinMax("Size").Append(ml.Transforms.NormalizeMinMax("Rooms"))
                        .Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);

                    // Encoded features only: text and one-hot are on their own scale.
                    ml.Transforms.Text.FeaturizeText("Features", "Text")
                        .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(data);
                    ml.Transforms.Categorical.OneHotEncoding("Features", "Zone")
                        .Append(ml.BinaryClassification.Trainers.AveragedPerceptron()).Fit(data);

                    // Trees do not need scaling.
                    ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price")).Fit(data);

                    // Data whose schema is unknown.
                    ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(unknown);

                    // Normalized by an earlier fitted chain whose output is the training data.
                    var scaled = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Fit(data).Transform(data);
                    ml.Regression.Trainers.Sdca(labelColumnName: "Price").Fit(scaled);
                }
            }
            """ + Types);
}
