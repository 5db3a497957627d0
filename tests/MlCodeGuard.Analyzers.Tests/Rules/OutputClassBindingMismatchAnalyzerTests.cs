using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.OutputClassBindingMismatchAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.OutputClassBindingMismatchAnalyzer, MlCodeGuard.CodeFixes.OutputClassBindingMismatchCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class OutputClassBindingMismatchAnalyzerTests
{
    private const string Trip = """
        public class Trip
        {
            public float Distance { get; set; }
            public float Passengers { get; set; }
            public string Vendor { get; set; } = "";
            public bool Tipped { get; set; }
            public float Fare { get; set; }
        }

        """;

    private static DiagnosticResult Expected(int location, string member, string column, string why)
        => new DiagnosticResult(Descriptors.OutputClassBindingMismatch).WithLocation(location)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(member, column, why);

    [Fact]
    public Task Regression_PredictedLabel_member_is_left_at_its_default()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class FarePrediction
            {
                [ColumnName("PredictedLabel")] public float Fare { get; set; }
            }

            public static class Serving
            {
                public static float Predict(MLContext ml, Trip[] rows)
                {
                    var model = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare"))
                        .Fit(ml.Data.LoadFromEnumerable(rows));
                    var engine = ml.Model.{|#0:CreatePredictionEngine|}<Trip, FarePrediction>(model);
                    return engine.Predict(rows[0]).Fare;
                }
            }
            """,
            Expected(0, "FarePrediction.Fare", "PredictedLabel",
                "which neither the input nor a step of the chain produces ('Sdca' adds Score): 'CreatePredictionEngine' leaves it at its default value"));

    /// <summary>
    /// Found in dotnet/machinelearning-samples (SentimentAnalysis): an output class of ML.NET 0.x whose
    /// <c>[ColumnName("PredictedLabel")]</c> comes from a namespace that no longer exists. The attribute does not resolve,
    /// so the column the member binds is not known and it is not reported (the member without attributes still is).
    /// </summary>
    [Fact]
    public Task A_member_whose_attribute_does_not_resolve_is_not_reported()
        => VerifyCS.AnalyzerFilesAsync(
            new[]
            {
                Trip + """
                public class TipPrediction
                {
                    [Microsoft.ML.Runtime.Api.ColumnName("PredictedLabel")] public bool Prediction { get; set; }
                    public float Confidence { get; set; }
                }

                public static class Serving
                {
                    public static bool Predict(MLContext ml, Trip[] rows)
                    {
                        var model = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                            .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Tipped"))
                            .Fit(ml.Data.LoadFromEnumerable(rows));
                        var engine = ml.Model.{|#0:CreatePredictionEngine|}<Trip, TipPrediction>(model);
                        return engine.Predict(rows[0]).Prediction;
                    }
                }
                """,
            },
            compilerErrors: false,
            Expected(0, "TipPrediction.Confidence", "Confidence",
                "which neither the input nor a step of the chain produces ('FastTree' adds Score, PredictedLabel, Probability): 'CreatePredictionEngine' leaves it at its default value"));

    /// <summary>
    /// Found in ML.NET's documentation samples (FeaturizeTextWithOptions): <c>OutputTokensColumnName</c> in
    /// <c>TextFeaturizingEstimator.Options</c> adds a column of tokens, which the output class binds.
    /// </summary>
    [Fact]
    public Task FeaturizeText_options_can_add_a_tokens_column()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class Featurized
            {
                public float[] Features { get; set; } = Array.Empty<float>();
                public string[] Tokens { get; set; } = Array.Empty<string>();
                public float Missing { get; set; }
            }

            public static class Text
            {
                public static Featurized Run(MLContext ml, Trip[] rows)
                {
                    var model = ml.Transforms.Text.FeaturizeText("Features",
                            new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options { OutputTokensColumnName = "Tokens" }, "Vendor")
                        .Fit(ml.Data.LoadFromEnumerable(rows));
                    var engine = ml.Model.{|#0:CreatePredictionEngine|}<Trip, Featurized>(model);
                    return engine.Predict(rows[0]);
                }

                public static Featurized Hidden(MLContext ml, Trip[] rows, Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options options)
                {
                    var model = ml.Transforms.Text.FeaturizeText("Features", options, "Vendor").Fit(ml.Data.LoadFromEnumerable(rows));
                    var engine = ml.Model.CreatePredictionEngine<Trip, Featurized>(model);
                    return engine.Predict(rows[0]);
                }
            }
            """,
            Expected(0, "Featurized.Missing", "Missing",
                "which the data does not have: 'CreatePredictionEngine' leaves it at its default value"));

    [Fact]
    public Task Wrong_member_type_is_flagged_with_the_column_type_and_its_origin()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class TipPrediction
            {
                public bool PredictedLabel { get; set; }
                public double Score { get; set; }
                public float[] Features { get; set; } = Array.Empty<float>();
            }

            public static class Serving
            {
                public static PredictionEngine<Trip, TipPrediction> Create(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: "Tipped"));
                    var model = pipeline.Fit(data);
                    return ml.Model.{|#0:CreatePredictionEngine|}<Trip, TipPrediction>(model);
                }
            }
            """,
            Expected(0, "TipPrediction.Score", "Score",
                "which is Single (from trainer 'LbfgsLogisticRegression'), but the member is double: 'CreatePredictionEngine' throws 'Can't bind the IDataView column'"));

    [Fact]
    public Task Each_bad_member_of_one_call_is_reported()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class TipPrediction
            {
                public float PredictedLabel { get; set; }
                public float Probability { get; set; }
            }

            public static class Serving
            {
                public static PredictionEngine<Trip, TipPrediction> Create(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.BinaryClassification.Trainers.FastForest(labelColumnName: "Tipped"))
                        .Fit(data);
                    return ml.Model.{|#0:CreatePredictionEngine|}<Trip, TipPrediction>(model, ignoreMissingColumns: false);
                }
            }
            """,
            Expected(0, "TipPrediction.PredictedLabel", "PredictedLabel",
                "which is Boolean (from trainer 'FastForest'), but the member is float: 'CreatePredictionEngine' throws 'Can't bind the IDataView column'"),
            Expected(0, "TipPrediction.Probability", "Probability",
                "which neither the input nor a step of the chain produces ('FastForest' adds Score, PredictedLabel): 'CreatePredictionEngine' throws 'Could not find column'"));

    [Fact]
    public Task Label_mapped_to_a_key_in_place_does_not_bind_to_a_string_member()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class VendorPrediction
            {
                public string Vendor { get; set; } = "";
                [ColumnName("PredictedLabel")] public uint VendorIndex { get; set; }
            }

            public static class Serving
            {
                public static PredictionEngine<Trip, VendorPrediction> Create(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.Conversion.MapValueToKey("Vendor")
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Passengers"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "Vendor"))
                        .Fit(data);
                    return ml.Model.{|#0:CreatePredictionEngine|}<Trip, VendorPrediction>(model);
                }
            }
            """,
            Expected(0, "VendorPrediction.Vendor", "Vendor",
                "which is Key<UInt32> (from step 'MapValueToKey'), but the member is string: 'CreatePredictionEngine' throws 'Can't bind the IDataView column'"));

    [Fact]
    public Task CreateEnumerable_over_scored_data_throws_for_a_missing_column_or_leaves_it_at_default_when_told_to()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class Scored
            {
                public float Fare { get; set; }
                public float Prediction { get; set; }
            }

            public static class Report
            {
                public static void Run(MLContext ml, Trip[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Fare"))
                        .Fit(data);
                    var scored = model.Transform(data);
                    var strict = ml.Data.{|#0:CreateEnumerable|}<Scored>(scored, reuseRowObject: false).ToList();
                    var lenient = ml.Data.{|#1:CreateEnumerable|}<Scored>(scored, reuseRowObject: false, ignoreMissingColumns: true).ToList();
                }
            }
            """,
            Expected(0, "Scored.Prediction", "Prediction",
                "which neither the input nor a step of the chain produces ('FastTree' adds Score): 'CreateEnumerable' throws 'Could not find column'"),
            Expected(1, "Scored.Prediction", "Prediction",
                "which neither the input nor a step of the chain produces ('FastTree' adds Score): 'CreateEnumerable' leaves it at its default value"));

    [Fact]
    public Task CreateEnumerable_over_loaded_rows_names_the_data()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class Preview
            {
                public float Distance { get; set; }
                public float Tip { get; set; }
            }

            public static class Report
            {
                public static List<Preview> Run(MLContext ml, Trip[] rows)
                    => ml.Data.{|#0:CreateEnumerable|}<Preview>(ml.Data.LoadFromEnumerable(rows), reuseRowObject: true).ToList();
            }
            """,
            Expected(0, "Preview.Tip", "Tip", "which the data does not have: 'CreateEnumerable' throws 'Could not find column'"));

    [Fact]
    public Task Correct_output_classes_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class FarePrediction
            {
                [ColumnName("Score")] public float Fare { get; set; }
                public float Distance { get; set; }
                [NoColumn] public string Note { get; set; } = "";
            }

            public class TipPrediction
            {
                public bool PredictedLabel { get; set; }
                public float Score { get; set; }
                public float Probability { get; set; }
                [VectorType(7)] public float[] Features { get; set; } = Array.Empty<float>();
                public ReadOnlyMemory<char> Vendor { get; set; }
            }

            public class VendorPrediction
            {
                public string PredictedLabel { get; set; } = "";
                public VBuffer<float> Score { get; set; }
                public uint Vendor { get; set; }
            }

            public static class Serving
            {
                public static void Create(MLContext ml, Trip[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var fare = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, FarePrediction>(fare);
                    ml.Data.CreateEnumerable<FarePrediction>(fare.Transform(data), reuseRowObject: false);

                    var tip = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Tipped"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, TipPrediction>(tip);

                    var vendor = ml.Transforms.Conversion.MapValueToKey("Vendor")
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Passengers"))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "Vendor"))
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, VendorPrediction>(vendor);
                }
            }
            """);

    [Fact]
    public Task Unknown_models_open_schemas_and_schema_definitions_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class Anything
            {
                public float Whatever { get; set; }
                public double Score { get; set; }
            }

            public class Extra
            {
                public float Whatever { get; set; }
            }

            public static class Serving
            {
                public static void Create(MLContext ml, IDataView data, ITransformer loaded, SchemaDefinition definition, bool lenient)
                {
                    ml.Model.CreatePredictionEngine<Trip, Anything>(loaded);
                    ml.Model.CreatePredictionEngine<Trip, Anything>(ml.Model.Load("model.zip", out _));

                    var custom = ml.Transforms.CustomMapping<Trip, Extra>((input, output) => output.Whatever = input.Distance * 2, "double")
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Whatever"))
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, Extra>(custom);

                    var fare = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, Anything>(fare, outputSchemaDefinition: definition);
                    ml.Model.CreatePredictionEngine<Trip, Anything>(fare, new PredictionEngineOptions { OutputSchemaDefinition = definition });
                    ml.Data.CreateEnumerable<Anything>(fare.Transform(data), reuseRowObject: false, ignoreMissingColumns: lenient);
                    ml.Data.CreateEnumerable<Anything>(data, reuseRowObject: false, schemaDefinition: definition);
                    ml.Data.CreateEnumerable<Anything>(ml.Data.LoadFromEnumerable(new Trip[0], definition), reuseRowObject: false);
                }
            }
            """);

    [Fact]
    public Task Unmapped_multiclass_key_is_left_to_MLG3008_and_a_chain_that_cannot_run_over_TIn_is_skipped()
        => VerifyCS.AnalyzerAsync(Trip + """
            public class Query
            {
                public float Distance { get; set; }
            }

            public class VendorPrediction
            {
                public string PredictedLabel { get; set; } = "";
            }

            public class VendorProbability
            {
                public float Probability { get; set; }
            }

            public static class Serving
            {
                public static void Create(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.Conversion.MapValueToKey("Label", "Vendor")
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Passengers"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, VendorPrediction>(model);
                    ml.Model.CreatePredictionEngine<Query, VendorProbability>(model);
                }
            }
            """);

    /// <summary>mb#2911: a multiclass model's prediction class declares Score (and Probability) as single floats.</summary>
    [Fact]
    public Task Issue_mb2911_multiclass_Score_declared_as_float()
        => VerifyCS.AnalyzerAsync("""
            public class MLDataRow
            {
                [LoadColumn(0)] public float Label { get; set; }
                [LoadColumn(1, 80), VectorType(80)] public float[] Features { get; set; } = new float[80];
            }

            public class MLPrediction
            {
                [VectorType(80)] public float[] Features { get; set; } = new float[80];
                public uint PredictedLabel { get; set; }
                public float Score { get; set; }
                public float Probability { get; set; }
            }

            public static class Issue2911
            {
                public static MLPrediction Predict(MLContext mlContext, string path, MLDataRow row)
                {
                    var data = mlContext.Data.LoadFromTextFile<MLDataRow>(path, separatorChar: ',');
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.MulticlassClassification.Trainers.LightGbm());
                    var model = pipeline.Fit(data);
                    var engine = mlContext.Model.{|#0:CreatePredictionEngine|}<MLDataRow, MLPrediction>(model);
                    return engine.Predict(row);
                }
            }
            """,
            Expected(0, "MLPrediction.Score", "Score",
                "which is Vector<Single> (from trainer 'LightGbm'), but the member is float: 'CreatePredictionEngine' throws 'Can't bind the IDataView column'"),
            Expected(0, "MLPrediction.Probability", "Probability",
                "which neither the input nor a step of the chain produces ('LightGbm' adds Score, PredictedLabel): 'CreatePredictionEngine' leaves it at its default value"));

    /// <summary>ml#200: a binary text classifier whose prediction member for PredictedLabel is a float.</summary>
    [Fact]
    public Task Issue_200_binary_PredictedLabel_bound_to_a_float()
        => VerifyCS.AnalyzerAsync("""
            public class SCSMData
            {
                [LoadColumn(0)] public string JobDescription { get; set; } = "";
                [LoadColumn(1), ColumnName("Label")] public bool JobQueue { get; set; }
            }

            public class SCSMPrediction
            {
                [ColumnName("PredictedLabel")] public float JobQueue { get; set; }
            }

            public static class Issue200
            {
                public static float Predict(MLContext mlContext, string path, SCSMData sample)
                {
                    var data = mlContext.Data.LoadFromTextFile<SCSMData>(path, hasHeader: true);
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SCSMData.JobDescription))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression())
                        .Fit(data);
                    var engine = mlContext.Model.{|#0:CreatePredictionEngine|}<SCSMData, SCSMPrediction>(model);
                    return engine.Predict(sample).JobQueue;
                }
            }
            """,
            Expected(0, "SCSMPrediction.JobQueue", "PredictedLabel",
                "which is Boolean (from trainer 'SdcaLogisticRegression'), but the member is float: 'CreatePredictionEngine' throws 'Can't bind the IDataView column'"));

    /// <summary>
    /// ml#5270: CreateEnumerable of a key column into a uint member. ML.NET 5.0.1 binds a Key&lt;UInt32&gt; column to a
    /// uint member (see the ground-truth test), so only the member whose column is missing is reported.
    /// </summary>
    [Fact]
    public Task Issue_5270_key_column_into_uint_binds_but_a_missing_feature_member_does_not()
        => VerifyCS.AnalyzerAsync("""
            public class RawData
            {
                [LoadColumn(0)] public string ImpressionId { get; set; } = "";
                [LoadColumn(1)] public float BackProClick { get; set; }
                [LoadColumn(2, 9), VectorType(8)] public float[] Features { get; set; } = new float[8];
            }

            public class ProcessedData
            {
                public float[] Feature { get; set; } = Array.Empty<float>();
                public float BackProClick { get; set; }
                public uint ImpressionIdKey { get; set; }
            }

            public static class Issue5270
            {
                public static List<ProcessedData> Export(MLContext mlContext, string path)
                {
                    var data = mlContext.Data.LoadFromTextFile<RawData>(path, separatorChar: '\t');
                    var keyed = mlContext.Transforms.Conversion.MapValueToKey("ImpressionIdKey", "ImpressionId").Fit(data).Transform(data);
                    return mlContext.Data.{|#0:CreateEnumerable|}<ProcessedData>(keyed, reuseRowObject: false).ToList();
                }
            }
            """,
            Expected(0, "ProcessedData.Feature", "Feature", "which the data does not have: 'CreateEnumerable' throws 'Could not find column'"));

    [Fact]
    public Task Fix_gives_the_member_the_column_type()
        => VerifyFix.FixAsync(Trip + """
            public class VendorPrediction
            {
                public string PredictedLabel { get; set; } = "";
                public float Score { get; set; }
                public string Vendor = "";
            }

            public class TipPrediction
            {
                [ColumnName("PredictedLabel")] public string Tip { get; set; } = "";
            }

            public static class Serving
            {
                public static void Create(MLContext ml, IDataView data)
                {
                    var vendor = ml.Transforms.Conversion.MapValueToKey("Vendor")
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Passengers"))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "Vendor"))
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(data);
                    ml.Model.{|MLG3007:{|MLG3007:CreatePredictionEngine|}|}<Trip, VendorPrediction>(vendor);
                    var tip = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Tipped"))
                        .Fit(data);
                    ml.Model.{|MLG3007:CreatePredictionEngine|}<Trip, TipPrediction>(tip);
                }
            }
            """, Trip + """
            public class VendorPrediction
            {
                public string PredictedLabel { get; set; } = "";
                public float[] Score { get; set; }
                public uint Vendor;
            }

            public class TipPrediction
            {
                [ColumnName("PredictedLabel")] public bool Tip { get; set; }
            }

            public static class Serving
            {
                public static void Create(MLContext ml, IDataView data)
                {
                    var vendor = ml.Transforms.Conversion.MapValueToKey("Vendor")
                        .Append(ml.Transforms.Concatenate("Features", "Distance", "Passengers"))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "Vendor"))
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, VendorPrediction>(vendor);
                    var tip = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Tipped"))
                        .Fit(data);
                    ml.Model.CreatePredictionEngine<Trip, TipPrediction>(tip);
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_missing_column()
        => VerifyFix.NoFixAsync(Trip + """
            public class FarePrediction
            {
                [ColumnName("PredictedLabel")] public float Fare { get; set; }
            }

            public static class Serving
            {
                public static void Create(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.Concatenate("Features", "Distance", "Passengers")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare"))
                        .Fit(data);
                    ml.Model.{|MLG3007:CreatePredictionEngine|}<Trip, FarePrediction>(model);
                }
            }
            """);

    public sealed class FareByPredictedLabel
    {
        [ColumnName("PredictedLabel")] public float Fare { get; set; }
    }

    public sealed class FareByScore
    {
        [ColumnName("Score")] public float Fare { get; set; }
    }

    public sealed class ZoneScoreAsFloat
    {
        public float Score { get; set; }
    }

    public sealed class ZoneScoreAsArray
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    public sealed class ExpensiveAsFloat
    {
        [ColumnName("PredictedLabel")] public float Expensive { get; set; }
    }

    public sealed class ExpensiveAsBool
    {
        [ColumnName("PredictedLabel")] public bool Expensive { get; set; }
    }

    public sealed class UncalibratedProbability
    {
        public bool PredictedLabel { get; set; }
        public float Probability { get; set; }
    }

    public sealed class ZoneKeyAsString
    {
        public string ZoneKey { get; set; } = "";
    }

    public sealed class ZoneKeyAsUInt
    {
        public uint ZoneKey { get; set; }
    }

    /// <summary>
    /// ML.NET 5.0.1 itself: a member whose column the model does not produce stays at its default in every prediction
    /// (the fixed member is filled), and a member of the wrong type throws (the fixed type binds).
    /// </summary>
    [Fact]
    public void GroundTruth_missing_members_stay_at_default_and_wrong_types_throw_in_MLNet()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var houses = ml.Data.CreateEnumerable<MlNet.House>(data, reuseRowObject: false).ToList();

        // Missing column, left at its default: regression has no PredictedLabel; FastForest has no Probability.
        var regression = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);
        var flagged = ml.Model.CreatePredictionEngine<MlNet.House, FareByPredictedLabel>(regression);
        Assert.All(houses, h => Assert.Equal(0f, flagged.Predict(h).Fare));
        var fixedEngine = ml.Model.CreatePredictionEngine<MlNet.House, FareByScore>(regression);
        Assert.Contains(houses, h => fixedEngine.Predict(h).Fare != 0f);
        Assert.Contains("Could not find", MlNet.Failure(() => ml.Model.CreatePredictionEngine<MlNet.House, FareByPredictedLabel>(regression, ignoreMissingColumns: false)));
        Assert.Contains("Could not find", MlNet.Failure(() => ml.Data.CreateEnumerable<FareByPredictedLabel>(regression.Transform(data), reuseRowObject: false).ToList()));

        var forest = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.BinaryClassification.Trainers.FastForest(labelColumnName: "Expensive")).Fit(data);
        var uncalibrated = ml.Model.CreatePredictionEngine<MlNet.House, UncalibratedProbability>(forest);
        Assert.All(houses, h => Assert.Equal(0f, uncalibrated.Predict(h).Probability));

        // Wrong type, a throw: a multiclass Score is a vector; a binary PredictedLabel is a Boolean.
        var multiclass = ml.Transforms.Conversion.MapValueToKey("Label", "Zone").Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(data);
        Assert.Contains("Can't bind the IDataView column 'Score' of type 'Vector<Single, 3>'", MlNet.Failure(() => ml.Model.CreatePredictionEngine<MlNet.House, ZoneScoreAsFloat>(multiclass)));
        Assert.Null(MlNet.Failure(() => Assert.Equal(3, ml.Model.CreatePredictionEngine<MlNet.House, ZoneScoreAsArray>(multiclass).Predict(houses[0]).Score.Length)));
        Assert.Contains("Can't bind the IDataView column 'PredictedLabel' of type 'Boolean'", MlNet.Failure(() => ml.Model.CreatePredictionEngine<MlNet.House, ExpensiveAsFloat>(forest)));
        Assert.Null(MlNet.Failure(() => ml.Model.CreatePredictionEngine<MlNet.House, ExpensiveAsBool>(forest).Predict(houses[0])));

        // A key column does not bind to a string, and does bind to its raw type (ml#5270's shape, not reported).
        var keyed = ml.Transforms.Conversion.MapValueToKey("ZoneKey", "Zone").Fit(data).Transform(data);
        Assert.Contains("Can't bind the IDataView column 'ZoneKey' of type 'Key<UInt32", MlNet.Failure(() => ml.Data.CreateEnumerable<ZoneKeyAsString>(keyed, reuseRowObject: false).ToList()));
        Assert.Contains(ml.Data.CreateEnumerable<ZoneKeyAsUInt>(keyed, reuseRowObject: false), r => r.ZoneKey > 0);
    }
}
