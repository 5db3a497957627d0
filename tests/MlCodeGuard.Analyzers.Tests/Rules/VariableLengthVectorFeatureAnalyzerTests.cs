using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.VariableLengthVectorFeatureAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.VariableLengthVectorFeatureAnalyzer, MlCodeGuard.CodeFixes.VariableLengthVectorFeatureCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class VariableLengthVectorFeatureAnalyzerTests
{
    [Fact]
    public Task Array_without_VectorType_concatenated_into_features_is_flagged_on_its_column_name()
        => VerifyCS.AnalyzerAsync("""
            public class Sensor
            {
                public float Label { get; set; }
                public float Level { get; set; }
                public float[] {|#1:Readings|} { get; set; } = new float[3];
            }

            public static class Training
            {
                public static ITransformer Run(MLContext ml, Sensor[] rows)
                    => ml.Transforms.Concatenate("Features", "Level", {|#0:"Readings"|})
                        .Append(ml.Regression.Trainers.Sdca())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """,
            new DiagnosticResult(Descriptors.VariableLengthVectorFeature).WithLocation(0).WithLocation(1)
                .WithArguments("Readings", "Sensor.Readings", "Features", "Sdca"));

    [Fact]
    public Task Array_member_used_directly_as_the_features_is_flagged_on_the_trainer()
        => VerifyCS.AnalyzerAsync("""
            public class Sample
            {
                public bool Label { get; set; }
                public float[] Features { get; set; } = new float[2];
            }

            public static class Training
            {
                public static ITransformer Run(MLContext ml, List<Sample> rows)
                    => ml.BinaryClassification.Trainers.{|MLG3006:FastTree|}().Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    [Fact]
    public Task Known_size_vectors_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public class Sized
            {
                public float Label { get; set; }
                [VectorType(3)] public float[] Readings { get; set; } = new float[3];
                public float[] Unused { get; set; } = new float[2];
            }

            public class FromText
            {
                [LoadColumn(0)] public float Label { get; set; }
                [LoadColumn(1, 3)] public float[] Readings { get; set; } = new float[3];
            }

            public static class Training
            {
                public static void Run(MLContext ml, Sized[] rows, string path)
                {
                    ml.Transforms.Concatenate("Features", "Readings").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromEnumerable(rows));
                    // The text loader sizes a range column itself (ML.NET 5.0.1: Vector<Single, 3>).
                    ml.Transforms.Concatenate("Features", "Readings").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromTextFile<FromText>(path));
                    // Past a custom mapping the Features column may be anything.
                    ml.Transforms.CustomMapping<Sized, Sized>((a, b) => b.Label = a.Label, null)
                        .Append(ml.Transforms.Concatenate("Features", "Unused"))
                        .Append(ml.Regression.Trainers.Sdca())
                        .Fit(ml.Data.LoadFromEnumerable(rows));
                }
            }
            """);

    /// <summary>ml#4977: items deserialized from JSON, array members concatenated into the features.</summary>
    [Fact]
    public Task Issue_4977_json_items_with_array_members()
        => VerifyCS.AnalyzerAsync("""
            public class FilmModel
            {
                public string Name { get; set; } = "";
                public float BoxOffice { get; set; }
                public float[] {|#1:Genres|} { get; set; } = Array.Empty<float>();
            }

            public static class Issue4977
            {
                public static ITransformer Run(MLContext mlContext, List<FilmModel> itemsTrain)
                {
                    var data = mlContext.Data.LoadFromEnumerable(itemsTrain);
                    var pipeline = mlContext.Transforms.CopyColumns(outputColumnName: "Label", inputColumnName: nameof(FilmModel.BoxOffice))
                        .Append(mlContext.Transforms.Categorical.OneHotEncoding(outputColumnName: "NameEncoded", inputColumnName: nameof(FilmModel.Name)))
                        .Append(mlContext.Transforms.Concatenate("Features", "NameEncoded", {|#0:nameof(FilmModel.Genres)|}))
                        .Append(mlContext.Regression.Trainers.FastTree());
                    return pipeline.Fit(data);
                }
            }
            """,
            new DiagnosticResult(Descriptors.VariableLengthVectorFeature).WithLocation(0).WithLocation(1)
                .WithArguments("Genres", "FilmModel.Genres", "Features", "FastTree"));

    [Fact]
    public Task Fix_declares_the_size_of_a_LoadColumn_range()
        => VerifyFix.FixAsync("""
            public class Row
            {
                public float Label { get; set; }
                [LoadColumn(1, 4)] public float[] History { get; set; } = new float[4];
            }

            public static class Training
            {
                public static ITransformer Run(MLContext ml, Row[] rows)
                    => ml.Transforms.Concatenate("Features", {|MLG3006:"History"|}).Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """, """
            public class Row
            {
                public float Label { get; set; }
                [LoadColumn(1, 4), VectorType(4)] public float[] History { get; set; } = new float[4];
            }

            public static class Training
            {
                public static ITransformer Run(MLContext ml, Row[] rows)
                    => ml.Transforms.Concatenate("Features", "History").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    [Fact]
    public Task No_fix_when_the_size_is_not_known()
        => VerifyFix.NoFixAsync("""
            public class Row
            {
                public float Label { get; set; }
                public float[] History { get; set; } = new float[4];
            }

            public static class Training
            {
                public static ITransformer Run(MLContext ml, Row[] rows)
                    => ml.Transforms.Concatenate("Features", {|MLG3006:"History"|}).Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromEnumerable(rows));
            }
            """);

    public sealed class Unsized
    {
        public float Label { get; set; }

        public float[] History { get; set; } = new float[3];
    }

    public sealed class Sized
    {
        public float Label { get; set; }

        [VectorType(3)] public float[] History { get; set; } = new float[3];
    }

    /// <summary>Ground truth: ML.NET 5.0.1 rejects the variable-length features and trains with [VectorType(3)].</summary>
    [Fact]
    public void Ml_net_rejects_a_variable_length_feature_vector_and_trains_with_VectorType()
    {
        var ml = MlNet.Context();
        var unsized = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Unsized { Label = i, History = new float[] { i, i * 2, i % 3 } }));
        var failure = MlNet.Failure(() => ml.Transforms.Concatenate("Features", "History").Append(ml.Regression.Trainers.Sdca()).Fit(unsized));
        Assert.Contains("Schema mismatch for feature column 'Features': expected Vector<Single>, got VarVector<Single>", failure);

        var sized = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Sized { Label = i, History = new float[] { i, i * 2, i % 3 } }));
        Assert.Null(MlNet.Failure(() => ml.Transforms.Concatenate("Features", "History").Append(ml.Regression.Trainers.Sdca()).Fit(sized)));
    }
}
