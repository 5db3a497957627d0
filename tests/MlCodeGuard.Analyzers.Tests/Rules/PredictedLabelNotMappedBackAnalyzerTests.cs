using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PredictedLabelNotMappedBackAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PredictedLabelNotMappedBackAnalyzer, MlCodeGuard.CodeFixes.PredictedLabelNotMappedBackCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class PredictedLabelNotMappedBackAnalyzerTests
{
    private const string Iris = """
        public class Iris
        {
            public float SepalLength { get; set; }
            public float PetalLength { get; set; }
            public string Label { get; set; } = "";
        }

        public class IrisPrediction
        {
            [ColumnName("PredictedLabel")] public string Species { get; set; } = "";
        }

        public class IrisIndex
        {
            [KeyType(3)] public uint PredictedLabel { get; set; }
        }

        """;

    [Fact]
    public Task Engine_over_an_unmapped_multiclass_chain_is_flagged_on_CreatePredictionEngine()
        => VerifyCS.AnalyzerAsync(Iris + """
            public static class Serving
            {
                public static PredictionEngine<Iris, IrisPrediction> Run(MLContext ml, Iris[] rows)
                {
                    var model = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
                    return ml.Model.{|#0:CreatePredictionEngine|}<Iris, IrisPrediction>(model);
                }
            }
            """,
            new DiagnosticResult(Descriptors.PredictedLabelNotMappedBack).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("SdcaMaximumEntropy", "IrisPrediction.Species", "string"));

    [Fact]
    public Task Mapped_back_chains_key_typed_members_and_unknown_models_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Iris + """
            public static class Serving
            {
                public static void Run(MLContext ml, Iris[] rows, ITransformer loaded)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var mapped = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Iris, IrisPrediction>(mapped);
                    var keyed = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Iris, IrisIndex>(keyed);
                    ml.Model.CreatePredictionEngine<Iris, IrisPrediction>(loaded);
                }
            }
            """);

    /// <summary>ml#4169 / ml#3787: the prediction class expects the class name, the chain never maps the key back.</summary>
    [Fact]
    public Task Issue_4169_prediction_is_a_key_index()
        => VerifyCS.AnalyzerAsync(Iris + """
            public class IssuePrediction
            {
                public string PredictedLabel { get; set; } = "";
                public float[] Score { get; set; } = Array.Empty<float>();
            }

            public static class Issue4169
            {
                public static string Predict(MLContext mlContext, Iris[] rows, Iris sample)
                {
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
                    var model = pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows));
                    var engine = mlContext.Model.{|MLG3008:CreatePredictionEngine|}<Iris, IssuePrediction>(model);
                    return engine.Predict(sample).PredictedLabel;
                }
            }
            """);

    [Fact]
    public Task Fix_appends_MapKeyToValue_before_Fit_on_a_line_of_its_own_and_Fix_All_covers_every_engine()
        => VerifyFix.FixAsync(Iris + """
            public static class Serving
            {
                public static void Run(MLContext ml, Iris[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Fit(data);
                    var engine = ml.Model.{|MLG3008:CreatePredictionEngine|}<Iris, IrisPrediction>(model);
                    var scored = model.Transform(data);

                    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
                    ml.Model.{|MLG3008:CreatePredictionEngine|}<Iris, IrisPrediction>(pipeline.Fit(data));
                }
            }
            """, Iris + """
            public static class Serving
            {
                public static void Run(MLContext ml, Iris[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(data);
                    var engine = ml.Model.CreatePredictionEngine<Iris, IrisPrediction>(model);
                    var scored = model.Transform(data);

                    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
                    ml.Model.CreatePredictionEngine<Iris, IrisPrediction>(pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data));
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_model_is_used_as_its_class_type()
        => VerifyFix.NoFixAsync(Iris + """
            public static class Serving
            {
                public static void Run(MLContext ml, Iris[] rows)
                {
                    var model = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
                    ml.Model.{|MLG3008:CreatePredictionEngine|}<Iris, IrisPrediction>(model);
                    var weights = model.LastTransformer.Model;
                }
            }
            """);

    /// <summary>ML.NET 5.0.1: without the map the prediction class gets no class name; with it, the name.</summary>
    [Fact]
    public void GroundTruth_the_appended_map_turns_the_key_back_into_the_label_value()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var house = ml.Data.CreateEnumerable<MlNet.House>(data, reuseRowObject: false).First();
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Zone")
            .Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        Assert.Contains("Can't bind the IDataView column 'PredictedLabel' of type 'Key<UInt32",
            MlNet.Failure(() => ml.Model.CreatePredictionEngine<MlNet.House, ZonePrediction>(pipeline.Fit(data))));
        var mapped = pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);
        Assert.Contains(ml.Model.CreatePredictionEngine<MlNet.House, ZonePrediction>(mapped).Predict(house).PredictedLabel, new[] { "north", "south", "east" });
    }

    public sealed class ZonePrediction
    {
        public string PredictedLabel { get; set; } = "";
    }
}
