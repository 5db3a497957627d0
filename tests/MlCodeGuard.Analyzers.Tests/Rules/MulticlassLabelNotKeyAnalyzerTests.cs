using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.MulticlassLabelNotKeyAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.MulticlassLabelNotKeyAnalyzer, MlCodeGuard.CodeFixes.MulticlassLabelNotKeyCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class MulticlassLabelNotKeyAnalyzerTests
{
    private const string Iris = """
        public class Iris
        {
            public float SepalLength { get; set; }
            public float PetalLength { get; set; }
            public string Label { get; set; } = "";
            public float Species { get; set; }
        }

        """;

    [Fact]
    public Task String_label_by_default_is_flagged_on_the_trainer()
        => VerifyCS.AnalyzerAsync(Iris + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, Iris[] rows)
                    => ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength")
                        .Append(ml.MulticlassClassification.Trainers.{|#0:SdcaMaximumEntropy|}())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """,
            new DiagnosticResult(Descriptors.MulticlassLabelNotKey).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Label", "SdcaMaximumEntropy", "String"));

    [Fact]
    public Task Numeric_label_named_by_argument_or_options_is_flagged_on_the_name()
        => VerifyCS.AnalyzerAsync(Iris + """
            public static class Training
            {
                public static void Run(MLContext ml, Iris[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var features = ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength");
                    features.Append(ml.MulticlassClassification.Trainers.LightGbm(labelColumnName: {|MLG3004:"Species"|})).Fit(data);
                    features.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { LabelColumnName = {|MLG3004:"Species"|} })).Fit(data);
                    features.Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron(), {|MLG3004:"Species"|})).Fit(data);
                }
            }
            """);

    [Fact]
    public Task Labels_mapped_to_keys_and_unknown_schemas_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Iris + """
            public class Keyed
            {
                [KeyType(3)] public uint Label { get; set; }
                [VectorType(2)] public float[] Features { get; set; } = new float[2];
            }

            public static class Training
            {
                public static void Run(MLContext ml, Iris[] rows, Keyed[] keyed, IDataView unknown)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(data);
                    ml.Transforms.Conversion.MapValueToKey("Key", "Species")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength"))
                        .Append(ml.MulticlassClassification.Trainers.NaiveBayes("Key"))
                        .Fit(data);
                    ml.MulticlassClassification.Trainers.SdcaMaximumEntropy().Fit(ml.Data.LoadFromEnumerable(keyed));
                    ml.MulticlassClassification.Trainers.SdcaMaximumEntropy().Fit(unknown);
                    ml.Regression.Trainers.Sdca(labelColumnName: "Species").Append(ml.Transforms.Concatenate("X", "Species")).Fit(data);
                }
            }
            """);

    /// <summary>ml#7315 / ml#2656: MapValueToKey appended after the trainer instead of before it.</summary>
    [Fact]
    public Task Issue_2656_key_mapping_after_the_trainer()
        => VerifyCS.AnalyzerAsync(Iris + """
            public static class Issue2656
            {
                public static ITransformer Run(MLContext mlContext, Iris[] rows)
                {
                    var pipeline = mlContext.Transforms.Concatenate("Features", "SepalLength", "PetalLength")
                        .Append(mlContext.MulticlassClassification.Trainers.{|MLG3004:SdcaMaximumEntropy|}())
                        .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"));
                    return pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows));
                }
            }
            """);

    [Fact]
    public Task Fix_maps_the_label_at_the_head_of_the_chain()
        => VerifyFix.FixAsync(Iris + """
            public static class Training
            {
                public static void Run(MLContext ml, Iris[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength")
                        .Append(ml.MulticlassClassification.Trainers.{|MLG3004:SdcaMaximumEntropy|}());
                    pipeline.Fit(data);
                    var features = ml.Transforms.Concatenate("Features", "SepalLength");
                    features.Append(ml.MulticlassClassification.Trainers.LightGbm({|MLG3004:"Species"|})).Fit(data);
                }
            }
            """, Iris + """
            public static class Training
            {
                public static void Run(MLContext ml, Iris[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
                    pipeline.Fit(data);
                    var features = ml.Transforms.Conversion.MapValueToKey("Species").Append(ml.Transforms.Concatenate("Features", "SepalLength"));
                    features.Append(ml.MulticlassClassification.Trainers.LightGbm("Species")).Fit(data);
                }
            }
            """);

    [Fact]
    public Task No_fix_when_an_earlier_step_writes_the_label()
        => VerifyFix.NoFixAsync(Iris + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, Iris[] rows)
                    => ml.Transforms.CopyColumns("Label", "Species")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength"))
                        .Append(ml.MulticlassClassification.Trainers.{|MLG3004:SdcaMaximumEntropy|}())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    /// <summary>Ground truth: ML.NET 5.0.1 rejects a string label and trains once it is mapped to a key at the head.</summary>
    [Fact]
    public void Ml_net_rejects_a_non_key_multiclass_label_and_trains_with_MapValueToKey()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var failure = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "Zone")).Fit(data));
        Assert.Contains("Schema mismatch for label column 'Zone': expected Key<UInt32>, got String", failure);
        var numeric = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.MulticlassClassification.Trainers.LightGbm(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Schema mismatch for label column 'Price': expected Key<UInt32>, got Single", numeric);

        Assert.Null(MlNet.Failure(() => ml.Transforms.Conversion.MapValueToKey("Zone").Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "Zone")).Fit(data)));
    }
}
