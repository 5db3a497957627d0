using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.ModelSavedWithoutInputSchemaAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.ModelSavedWithoutInputSchemaAnalyzer, MlCodeGuard.CodeFixes.ModelSavedWithoutInputSchemaCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class ModelSavedWithoutInputSchemaAnalyzerTests
{
    private const string Types = """

        public class House
        {
            public float Size { get; set; }
            public float Rooms { get; set; }
            public float Price { get; set; }
        }
        """;

    private static DiagnosticResult Saved(int location, int schema, string model, string why)
        => new DiagnosticResult(Descriptors.ModelSavedWithoutInputSchema).WithLocation(location).WithLocation(schema).WithArguments("Save", model, why);

    /// <summary>ml#3698: a model saved with a null schema; consuming it failed in GetSchemaDefinition.</summary>
    [Fact]
    public Task Issue_3698_null_schema_is_replaced_by_the_schema_of_the_training_data()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<House> rows, string path)
                {
                    var trainingData = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))
                        .Fit(trainingData);
                    ml.Model.{|MLG4004:Save|}(model, null, path);
                }
            }
            """ + Types, """
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<House> rows, string path)
                {
                    var trainingData = ml.Data.LoadFromEnumerable(rows);
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))
                        .Fit(trainingData);
                    ml.Model.Save(model, trainingData.Schema, path);
                }
            }
            """ + Types);

    [Fact]
    public Task Own_output_schema_and_split_train_set_are_fixed_together()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Train(MLContext ml, IDataView data, string path, System.IO.Stream stream)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))
                        .Fit(split.TrainSet);
                    var predictions = model.Transform(split.TestSet);
                    ml.Model.{|MLG4004:Save|}(model, predictions.Schema, path);
                    ml.Model.{|MLG4004:Save|}(model, default(DataViewSchema), stream);
                }
            }
            """ + Types, """
            public static class Training
            {
                public static void Train(MLContext ml, IDataView data, string path, System.IO.Stream stream)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))
                        .Fit(split.TrainSet);
                    var predictions = model.Transform(split.TestSet);
                    ml.Model.Save(model, split.TrainSet.Schema, path);
                    ml.Model.Save(model, split.TrainSet.Schema, stream);
                }
            }
            """ + Types);

    [Fact]
    public Task Messages_name_the_model_and_the_output()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Save(MLContext ml, ITransformer model, IDataView data, string path)
                {
                    ml.Model.{|#0:Save|}(model, {|#1:model.Transform(data).Schema|}, path);
                    ml.Model.{|#2:Save|}(model, {|#3:null|}, path);
                }
            }
            """ + Types,
            Saved(0, 1, "model", "with the schema of 'model.Transform(data)', the model's own output"),
            Saved(2, 3, "model", "with a null input schema"));

    [Fact]
    public Task Data_not_in_scope_at_the_save_is_not_offered()
        => VerifyFix.NoFixAsync("""
            public static class Training
            {
                public static void Train(MLContext ml, IEnumerable<House> rows, string path)
                {
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms").Fit(ml.Data.LoadFromEnumerable(rows));
                    ml.Model.{|MLG4004:Save|}(model, null, path);
                }
            }
            """ + Types);

    /// <summary>
    /// ml#3234 saved the schema of the data a trainer-only model was fitted on, which is right for that model: the
    /// preprocessed data is its input. Only a model's own output is wrong.
    /// </summary>
    [Fact]
    public Task Input_schema_loader_and_preprocessed_input_of_a_second_model_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Correct
            {
                public static void Train(MLContext ml, IDataView data, string path)
                {
                    var prep = ml.Transforms.Concatenate("Features", "Size", "Rooms").Fit(data);
                    var prepared = prep.Transform(data);
                    var trainerModel = ml.Regression.Trainers.Sdca(labelColumnName: "Price").Fit(prepared);
                    ml.Model.Save(trainerModel, prepared.Schema, path);
                    ml.Model.Save(prep, data.Schema, path);

                    var loader = ml.Data.CreateTextLoader<House>();
                    ml.Model.Save(prep, loader, path);
                }
            }
            """ + Types);

    /// <summary>ML.NET 5.0.1: a model saved with a null schema loads back with a null schema; saved with the input's, the columns come back.</summary>
    [Fact]
    public void Ground_truth_null_schema_is_lost_on_load()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var model = ml.Transforms.Concatenate("Features", "Size", "Rooms").Fit(data);

        using var withoutSchema = new MemoryStream();
        ml.Model.Save(model, null, withoutSchema);
        withoutSchema.Position = 0;
        ml.Model.Load(withoutSchema, out var lost);
        Assert.Null(lost);

        using var withSchema = new MemoryStream();
        ml.Model.Save(model, data.Schema, withSchema);
        withSchema.Position = 0;
        ml.Model.Load(withSchema, out var kept);
        Assert.NotNull(kept);
        Assert.Contains(kept!, c => c.Name == "Size");
    }
}
