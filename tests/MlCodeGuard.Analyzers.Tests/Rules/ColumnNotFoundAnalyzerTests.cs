using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using MlCodeGuard.CodeFixes;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.ColumnNotFoundAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.ColumnNotFoundAnalyzer, MlCodeGuard.CodeFixes.ColumnNotFoundCodeFixProvider>;
using KeyedFix = MlCodeGuard.Analyzers.Tests.Verifiers.KeyedFix<MlCodeGuard.Analyzers.Rules.ColumnNotFoundAnalyzer, MlCodeGuard.CodeFixes.ColumnNotFoundCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class ColumnNotFoundAnalyzerTests
{
    private const string House = """
        public class House
        {
            public float Size { get; set; }
            public float Rooms { get; set; }
            public string Zone { get; set; } = "";
            public float Price { get; set; }
            [NoColumn] public string Notes { get; set; } = "";
        }

        """;

    [Fact]
    public Task Typo_in_a_Concatenate_input_is_flagged_on_the_literal()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Concatenate("Features", {|#0:"Sizee"|}, "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
                    return pipeline.Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0).WithArguments("Sizee", "input column of 'Concatenate'", "; did you mean 'Size'?"));

    /// <summary>
    /// Found in dotnet/machinelearning-samples: input classes of ML.NET 0.x whose <c>[ColumnName]</c> comes from a
    /// namespace that no longer exists. The member's column name is not known, so the schema is open: the default label
    /// may well be that member, and nothing is reported.
    /// </summary>
    [Fact]
    public Task An_input_class_with_an_attribute_that_does_not_resolve_is_an_open_schema()
        => VerifyCS.AnalyzerFilesAsync(
            new[]
            {
                """
                public class House
                {
                    public float Size { get; set; }
                    [Microsoft.ML.Runtime.Api.ColumnName("Label")] public float Price { get; set; }
                }

                public static class Training
                {
                    public static ITransformer Run(MLContext ml, IEnumerable<House> rows)
                        => ml.Transforms.Concatenate("Features", "Size")
                            .Append(ml.Regression.Trainers.Sdca())
                            .Fit(ml.Data.LoadFromEnumerable(rows));
                }
                """,
            },
            compilerErrors: false);

    [Fact]
    public Task Default_label_that_does_not_exist_is_flagged_on_the_trainer_name()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.{|#0:Sdca|}());
                    return pipeline.Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0)
                .WithArguments("Label", "label column of 'Sdca' (its default)", "; available: 'Features', 'Price', 'Rooms', 'Size', 'Zone'"));

    [Fact]
    public Task Column_used_before_the_step_that_produces_it()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, IEnumerable<House> rows)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", {|MLG3001:"ZoneEncoded"|}, "Size")
                        .Append(ml.Transforms.Categorical.OneHotEncoding("ZoneEncoded", "Zone"))
                        .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price"));
                    return pipeline.Fit(ml.Data.LoadFromEnumerable(rows));
                }
            }
            """);

    [Fact]
    public Task NoColumn_members_dropped_columns_and_options_are_followed()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Text.FeaturizeText("NotesFeatures", {|MLG3001:"Notes"|}).Fit(data);
                    ml.Transforms.DropColumns("Zone").Append(ml.Transforms.Categorical.OneHotEncoding("Z", {|MLG3001:"Zone"|})).Fit(data);
                    ml.Transforms.Concatenate("Features", "Size")
                        .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = {|MLG3001:"Prise"|} }))
                        .Fit(data);
                    ml.Transforms.NormalizeMinMax(new[] { new InputOutputColumnPair("A", {|MLG3001:"Room"|}), new InputOutputColumnPair("Size") }).Fit(data);
                }
            }
            """);

    [Fact]
    public Task Chains_in_locals_and_split_data_are_followed()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(IEnumerable<House> rows)
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var split = ml.Data.TrainTestSplit(data, 0.2);
                    var features = ml.Transforms.Concatenate("Features", "Size", "Rooms");
                    var trainer = ml.Regression.Trainers.LightGbm(labelColumnName: {|MLG3001:"price"|});
                    var pipeline = features.Append(trainer);
                    var model = pipeline.Fit(split.TrainSet);
                    var refit = pipeline.Fit(data); // the same chain fitted twice is reported once
                }
            }
            """);

    [Fact]
    public Task Evaluate_label_and_MapKeyToValue_before_the_trainer_are_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))
                        .Fit(data);
                    var metrics = ml.Regression.Evaluate(model.Transform(data), labelColumnName: {|MLG3001:"Prices"|});
                    var ok = ml.Regression.Evaluate(model.Transform(data), labelColumnName: "Price");
                    var keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Zone")
                        .Append(ml.Transforms.Conversion.MapKeyToValue({|MLG3001:"PredictedLabel"|}))
                        .Append(ml.Transforms.Concatenate("Features", "Size"))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                        .Fit(data);
                }
            }
            """);

    [Fact]
    public Task Correct_pipelines_are_not_flagged()
        => VerifyCS.AnalyzerAsync(House + """
            public class Renamed
            {
                [ColumnName("Label")] public float Price { get; set; }
                public float Size { get; set; }
                [LoadColumn(2, 4), VectorType(3)] public float[] History { get; set; } = new float[3];
            }

            public static class Training
            {
                public static void Run(MLContext ml, House[] rows, Renamed[] renamed)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.CopyColumns("Label", nameof(House.Price))
                        .Append(ml.Transforms.Categorical.OneHotEncoding("ZoneEncoded", nameof(House.Zone)))
                        .Append(ml.Transforms.NormalizeMinMax("Size"))
                        .Append(ml.Transforms.Concatenate("Features", "ZoneEncoded", "Size", "Rooms"))
                        .AppendCacheCheckpoint(ml)
                        .Append(ml.Regression.Trainers.Sdca());
                    var model = pipeline.Fit(data);
                    ml.Regression.Evaluate(model.Transform(data));

                    var classify = ml.Transforms.Conversion.MapValueToKey("Zone")
                        .Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "Zone"))
                        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
                    var classifier = classify.Fit(data);
                    ml.MulticlassClassification.Evaluate(classifier.Transform(data), labelColumnName: "Zone");

                    ml.Transforms.SelectColumns("Size", "Rooms").Append(ml.Transforms.Concatenate("Features", "Size", "Rooms")).Fit(data);
                    ml.Transforms.Concatenate("Features", "Size", "History").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromEnumerable(renamed));
                    ml.Clustering.Trainers.KMeans("Size").Fit(data);
                }
            }
            """);

    [Fact]
    public Task Nothing_is_guessed_past_a_step_that_cannot_be_modelled()
        => VerifyCS.AnalyzerAsync(House + """
            public class Extra { public float Bonus { get; set; } }

            public static class Training
            {
                public static void Run(MLContext ml, House[] rows, IDataView unknown, string column, IEstimator<ITransformer> custom)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.CustomMapping<House, Extra>((h, e) => e.Bonus = h.Size, "bonus")
                        .Append(ml.Transforms.Concatenate("Features", "Size", "Bonus"))
                        .Fit(data);
                    ml.Transforms.CopyColumns("Copy", column).Append(ml.Transforms.Concatenate("Features", "Anything")).Fit(data);
                    custom.Append(ml.Transforms.Concatenate("Features", "Whatever")).Fit(data);
                    ml.Transforms.Concatenate("Features", "NotThere").Fit(unknown);

                    IEstimator<ITransformer> grown = ml.Transforms.Concatenate("Features", "Size");
                    grown = grown.Append(ml.Transforms.CopyColumns("Label", "Price"));
                    grown.Append(ml.Regression.Trainers.Sdca()).Fit(data);
                }
            }
            """);

    [Fact]
    public Task Options_named_outputs_and_meta_trainers_are_modelled()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var trees = new FastTreeRegressionFeaturizationEstimator.Options
                    {
                        InputColumnName = "Features",
                        LeavesColumnName = "Leaves",
                        TrainerOptions = new FastTreeRegressionTrainer.Options { LabelColumnName = "Price" },
                    };
                    ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Transforms.FeaturizeByFastTreeRegression(new FastTreeRegressionFeaturizationEstimator.Options
                        {
                            InputColumnName = {|MLG3001:"Feature"|},
                            LeavesColumnName = "Leaves",
                        }))
                        .Append(ml.Transforms.Concatenate("All", "Leaves", {|MLG3001:"Trees"|}))
                        .Fit(data);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Transforms.FeaturizeByFastTreeRegression(trees))
                        .Append(ml.Transforms.Concatenate("All", "Trees"))
                        .Fit(data);
                    ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron(), labelColumnName: {|MLG3001:"Zones"|}))
                        .Fit(data);
                }
            }
            """);

    /// <summary>ml#1968: the loader names the column 'MovieID', the pipeline asks for 'MovieId'.</summary>
    [Fact]
    public Task Issue_1968_case_mismatch_in_a_loaded_column()
        => VerifyCS.AnalyzerAsync("""
            public class MovieRating
            {
                [LoadColumn(0)] public string UserId { get; set; } = "";
                [LoadColumn(1)] public string MovieID { get; set; } = "";
                [LoadColumn(2)] public bool Label { get; set; }
            }

            public static class Issue1968
            {
                public static ITransformer Run(MLContext ctx, string path)
                {
                    var data = ctx.Data.LoadFromTextFile<MovieRating>(path, hasHeader: true);
                    var pipeline = ctx.Transforms.Conversion.MapValueToKey("userIdEncoded", "UserId")
                        .Append(ctx.Transforms.Conversion.MapValueToKey("movieIdEncoded", {|#0:"MovieId"|}))
                        .Append(ctx.Transforms.Concatenate("Features", "userIdEncoded", "movieIdEncoded"));
                    return pipeline.Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0).WithArguments("MovieId", "input column of 'MapValueToKey'", "; did you mean 'MovieID'?"));

    /// <summary>ml#3781: [ColumnName("Features")] renames member X, so 'X' no longer exists.</summary>
    [Fact]
    public Task Issue_3781_member_renamed_by_ColumnName()
        => VerifyCS.AnalyzerAsync("""
            public class FormulaData
            {
                [ColumnName("Label")] public float Y;
                [ColumnName("Features")] public float X;
            }

            public static class Issue3781
            {
                public static ITransformer Run(MLContext mlContext, List<FormulaData> points)
                {
                    IDataView data = mlContext.Data.LoadFromEnumerable<FormulaData>(points);
                    var trainer = mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: {|MLG3001:"X"|});
                    return trainer.Fit(data);
                }
            }
            """);

    /// <summary>ml#4848: a feature column named 'Features1' that no step produces.</summary>
    [Fact]
    public Task Issue_4848_feature_column_not_produced()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Issue4848
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.FastForest(labelColumnName: "Price", featureColumnName: {|MLG3001:"Features1"|}));
                    return pipeline.Fit(ml.Data.LoadFromEnumerable(rows));
                }
            }
            """);

    [Fact]
    public Task Fix_uses_the_nearest_column_name()
        => VerifyFix.FixAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                    => ml.Transforms.Concatenate("Features", {|MLG3001:"Sizee"|}, {|MLG3001:"rooms"|})
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """, House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                    => ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    [Fact]
    public Task Fix_can_use_nameof_of_the_input_member()
        => KeyedFix.FixAsync(House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                    => ml.Transforms.Concatenate("Features", {|MLG3001:"Sizee"|}, "Rooms")
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """, House + """
            public static class Training
            {
                public static ITransformer Run(MLContext ml, House[] rows)
                    => ml.Transforms.Concatenate("Features", nameof(House.Size), "Rooms")
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """, ColumnNotFoundCodeFixProvider.NameofKey);

    [Fact]
    public Task No_fix_for_a_default_column_name_or_without_a_plausible_name()
        => VerifyFix.NoFixAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, House[] rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.{|MLG3001:Sdca|}()).Fit(data);
                    ml.Transforms.Concatenate("Features", {|MLG3001:"CompletelyDifferent"|}).Fit(data);
                }
            }
            """);

    /// <summary>
    /// Found by planting typos in dotnet/machinelearning-samples (docs/real-world.md, "Recall"): the clustering and
    /// MNIST samples load with <c>LoadFromTextFile(path, columns: new[] { new TextLoader.Column(...) })</c>, no row
    /// class. Those columns are the loaded schema, and a name read by a step must be one of them.
    /// </summary>
    [Fact]
    public Task Columns_declared_to_a_text_loader_are_the_schema_it_loads()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile(path,
                        columns: new[]
                        {
                            new TextLoader.Column("Label", DataKind.Single, 0),
                            new TextLoader.Column("Pixels", DataKind.Single, 1, 64),
                            new TextLoader.Column("Name", DataKind.String, 65),
                        },
                        hasHeader: true);
                    ml.Transforms.Concatenate("Features", {|#0:"Pixles"|})
                        .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 3))
                        .Fit(data);
                    ml.Transforms.Concatenate("Features", "Pixels")
                        .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 3))
                        .Fit(data);

                    var loader = ml.Data.CreateTextLoader(new[] { new TextLoader.Column("Age", DataKind.Single, 0) }, hasHeader: true);
                    ml.Transforms.NormalizeMinMax("Scaled", {|#1:"Aeg"|}).Fit(loader.Load(path));
                    ml.Transforms.NormalizeMinMax("Scaled", "Age").Fit(loader.Load(path));

                    var options = new TextLoader.Options { HasHeader = true, Columns = new[] { new TextLoader.Column("Income", DataKind.Single, 0) } };
                    ml.Transforms.NormalizeMinMax("Scaled", {|#2:"Incomes"|}).Fit(ml.Data.LoadFromTextFile(path, options));
                }
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0).WithArguments("Pixles", "input column of 'Concatenate'", "; did you mean 'Pixels'?"),
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(1).WithArguments("Aeg", "input column of 'NormalizeMinMax'", "; did you mean 'Age'?"),
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(2).WithArguments("Incomes", "input column of 'NormalizeMinMax'", "; did you mean 'Income'?"));

    /// <summary>
    /// Found by planting typos in dotnet/machinelearning-samples (UrlClassification): the field-aware factorization
    /// machine's overload with one feature column names it <c>featureColumnName</c>, which was not checked.
    /// </summary>
    [Fact]
    public Task The_single_feature_column_of_a_field_aware_factorization_machine_is_read()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Training
            {
                public static void Run(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    var pipeline = ml.Transforms.Concatenate("Vector", "Size", "Rooms")
                        .Append(ml.Transforms.Conversion.ConvertType("Target", "Price", DataKind.Boolean));
                    pipeline.Append(ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(featureColumnName: {|#0:"Vectro"|}, labelColumnName: "Target")).Fit(data);
                    pipeline.Append(ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(featureColumnName: "Vector", labelColumnName: "Target")).Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0).WithArguments("Vectro", "feature column of 'FieldAwareFactorizationMachine'", "; did you mean 'Vector'?"));

    /// <summary>A private static field set once, earlier in the method that reads it, carries its data's schema.</summary>
    [Fact]
    public Task Data_kept_in_a_field_set_once_in_the_method_has_its_schema()
        => VerifyCS.AnalyzerAsync(House + """
            public static class Program
            {
                private static IDataView data;
                private static IDataView other;

                public static void Main(MLContext ml, IEnumerable<House> rows)
                {
                    data = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", {|#0:"Sizee"|}).Fit(data);
                    ml.Transforms.Concatenate("Features", "Size").Fit(data);

                    other = ml.Data.LoadFromEnumerable(rows);
                    ml.Transforms.Concatenate("Features", "Sizee").Fit(other);
                }

                public static void Replace(IDataView replacement) => other = replacement;
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0).WithArguments("Sizee", "input column of 'Concatenate'", "; did you mean 'Size'?"));

    /// <summary>Columns the code computes, or a loader given options it builds elsewhere, are not known: nothing is reported.</summary>
    [Fact]
    public Task A_text_loader_whose_columns_are_not_all_constant_is_not_judged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, string path, string labelName, TextLoader.Options options)
                {
                    var data = ml.Data.LoadFromTextFile(path,
                        columns: new[]
                        {
                            new TextLoader.Column(labelName, DataKind.Single, 0),
                            new TextLoader.Column("Size", DataKind.Single, 1),
                        });
                    ml.Transforms.Concatenate("Features", "Rooms").Fit(data);
                    ml.Transforms.Concatenate("Features", "Rooms").Fit(ml.Data.LoadFromTextFile(path, options));
                    ml.Transforms.Concatenate("Features", "Rooms").Fit(ml.Data.LoadFromTextFile(path, BuildColumns()));
                }

                private static TextLoader.Column[] BuildColumns() => new[] { new TextLoader.Column("Rooms", DataKind.Single, 0) };
            }
            """);

    /// <summary>
    /// Found by planting typos in the DatabaseLoader sample of dotnet/machinelearning-samples:
    /// <c>CreateDatabaseLoader&lt;T&gt;()</c> reads T's members as its columns, as the text loader does.
    /// </summary>
    [Fact]
    public Task A_database_loader_loads_its_row_class_columns()
        => VerifyCS.AnalyzerAsync("""
            public class UrlClick
            {
                public float Label { get; set; }
                public string Feat01 { get; set; } = "";
            }

            public class Tagged
            {
                public float Label { get; set; }
                [NoColumn] public string Feat01 { get; set; } = "";
            }

            public static class Training
            {
                public static void Run(MLContext ml, DatabaseSource source)
                {
                    DatabaseLoader loader = ml.Data.CreateDatabaseLoader<UrlClick>();
                    IDataView data = loader.Load(source);
                    ml.Transforms.Text.FeaturizeText("Text", {|#0:"Feat10"|}).Fit(data);
                    ml.Transforms.Text.FeaturizeText("Text", "Feat01").Fit(data);

                    // The database loader does not skip [NoColumn] members: such a class's columns are not known.
                    ml.Transforms.Text.FeaturizeText("Text", "Feat01").Fit(ml.Data.CreateDatabaseLoader<Tagged>().Load(source));
                }
            }
            """,
            new DiagnosticResult(Descriptors.ColumnNotFound).WithLocation(0).WithArguments("Feat10", "input column of 'FeaturizeText'", "; did you mean 'Feat01'?"));

    /// <summary>Ground truth: ML.NET 5.0.1 throws for the flagged shapes and runs the fixed ones.</summary>
    [Fact]
    public void Ml_net_throws_for_a_missing_input_or_label_column_and_runs_the_fixed_pipeline()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);

        var typo = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Sizee", "Rooms")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data));
        Assert.Contains("Could not find input column 'Sizee'", typo);

        var label = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Regression.Trainers.Sdca()).Fit(data));
        Assert.Contains("Could not find label column 'Label'", label);

        var mapBack = MlNet.Failure(() => ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(data));
        Assert.Contains("Could not find input column 'PredictedLabel'", mapBack);

        var evaluate = MlNet.Failure(() =>
        {
            var model = ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);
            ml.Regression.Evaluate(model.Transform(data), labelColumnName: "Prices");
        });
        Assert.Contains("Prices column 'Label' not found", evaluate); // ML.NET swaps name and role here (ml#4848)

        Assert.Null(MlNet.Failure(() =>
        {
            var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")).Fit(data);
            ml.Regression.Evaluate(model.Transform(data), labelColumnName: "Price");
        }));
    }
}
