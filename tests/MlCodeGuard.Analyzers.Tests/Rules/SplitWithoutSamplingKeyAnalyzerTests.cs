using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.SplitWithoutSamplingKeyAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.SplitWithoutSamplingKeyAnalyzer, MlCodeGuard.CodeFixes.SplitWithoutSamplingKeyCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class SplitWithoutSamplingKeyAnalyzerTests
{
    private const string Types = """
        public class SearchResult
        {
            [LoadColumn(0)] public float Label { get; set; }
            [LoadColumn(1)] public uint GroupId { get; set; }
            [LoadColumn(2), VectorType(3)] public float[] Features { get; set; } = new float[3];
        }

        public class Visit
        {
            [LoadColumn(0)] public string PatientId { get; set; } = "";
            [LoadColumn(1)] public float HeartRate { get; set; }
            [LoadColumn(2)] public bool Label { get; set; }
        }

        public class House
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Label { get; set; }
        }

        """;

    // ml#5563, smp#832: a ranking data set split row by row; queries end up on both sides. Reported as an error.
    [Fact]
    public Task Ranking_trainer_fitted_on_a_split_without_key_is_an_error()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Ranking
            {
                public static void Run(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile<SearchResult>(path);
                    var split = ml.Data.{|#0:TrainTestSplit|}(data, testFraction: 0.2, seed: 1);
                    var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupId")
                        .Append(ml.Ranking.Trainers.{|#1:LightGbm|}());
                    var model = pipeline.Fit(split.TrainSet);
                    ml.Ranking.Evaluate(model.Transform(split.TestSet));
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.SplitWithoutSamplingKey).WithLocation(0).WithLocation(1)
                .WithSeverity(DiagnosticSeverity.Error)
                .WithArguments("TrainTestSplit", "has no samplingKeyColumnName, but the ranking trainer 'LightGbm' groups rows by 'GroupId': one query's rows land on both sides of the split"));

    [Fact]
    public Task Ranking_folds_with_a_custom_group_column_are_an_error()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Ranking
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    foreach (var fold in ml.Data.{|#0:CrossValidationSplit|}(data, numberOfFolds: 3, seed: 1))
                    {
                        var trainer = ml.Ranking.Trainers.{|#1:FastTree|}(rowGroupColumnName: "QueryKey");
                        trainer.Fit(fold.TrainSet);
                    }
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.SplitWithoutSamplingKey).WithLocation(0).WithLocation(1)
                .WithSeverity(DiagnosticSeverity.Error)
                .WithArguments("CrossValidationSplit", "has no samplingKeyColumnName, but the ranking trainer 'FastTree' groups rows by 'QueryKey': one query's rows land on both sides of the split"));

    [Fact]
    public Task Input_class_with_a_group_like_column_is_a_warning()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Clinic
            {
                public static void Run(MLContext ml, Visit[] visits)
                {
                    var data = ml.Data.LoadFromEnumerable(visits);
                    var shuffled = ml.Data.ShuffleRows(data, seed: 1);
                    var split = ml.Data.{|#0:TrainTestSplit|}(shuffled, 0.2, seed: 1);
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(Visit.HeartRate))
                        .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
                    ml.BinaryClassification.{|#1:CrossValidate|}(data, pipeline, seed: 1);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.SplitWithoutSamplingKey).WithLocation(0)
                .WithArguments("TrainTestSplit", "has no samplingKeyColumnName, but the rows of 'Visit' are grouped by 'PatientId': one group's rows land on both sides of the split"),
            new DiagnosticResult(Diagnostics.Descriptors.SplitWithoutSamplingKey).WithLocation(1)
                .WithArguments("CrossValidate", "has no samplingKeyColumnName, but the rows of 'Visit' are grouped by 'PatientId': one group's rows land on both sides of the split"));

    // P17 (ml#5567): the label used as the sampling key sends every row of a label to one side.
    [Fact]
    public Task Label_as_sampling_key_is_flagged_on_the_argument()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size)).Append(ml.Regression.Trainers.Sdca());
                    ml.Regression.CrossValidate(data, pipeline, samplingKeyColumnName: {|MLG2006:nameof(House.Label)|}, seed: 1);

                    var split = ml.Data.TrainTestSplit(data, 0.2, {|MLG2006:"Price"|}, 1);
                    ml.Regression.Trainers.FastTree(labelColumnName: "Price").Fit(split.TrainSet);
                }
            }
            """);

    [Fact]
    public Task Correct_and_unknown_splits_are_not_flagged()
        => VerifyCS.AnalyzerAsync(Types + """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView unknown, string path, Visit[] visits)
                {
                    // The key is given.
                    var ranked = ml.Data.LoadFromTextFile<SearchResult>(path);
                    var split = ml.Data.TrainTestSplit(ranked, 0.2, samplingKeyColumnName: nameof(SearchResult.GroupId), seed: 1);
                    ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
                    var visitData = ml.Data.LoadFromEnumerable(visits);
                    ml.Data.CrossValidationSplit(visitData, 5, nameof(Visit.PatientId), 1);

                    // Ungrouped rows.
                    var houses = ml.Data.LoadFromTextFile<House>(path);
                    var houseSplit = ml.Data.TrainTestSplit(houses, 0.2, seed: 1);
                    ml.Regression.Trainers.Sdca().Fit(houseSplit.TrainSet);

                    // Rows of unknown shape, no ranking trainer in sight.
                    ml.Data.TrainTestSplit(unknown, 0.2, seed: 1);

                    // Ranking cross-validation groups by rowGroupColumnName itself.
                    ml.Ranking.CrossValidate(ranked, ml.Ranking.Trainers.LightGbm(), seed: 1);

                    // A key that is not the label.
                    ml.Regression.CrossValidate(houses, ml.Regression.Trainers.Sdca(), samplingKeyColumnName: "Size", seed: 1);
                }
            }
            """);

    [Fact]
    public Task Fix_adds_the_group_column_by_nameof_or_by_name()
        => VerifyFix.FixAsync(Types + """
            public static class Training
            {
                public static void Ranking(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile<SearchResult>(path);
                    var split = ml.Data.{|MLG2006:TrainTestSplit|}(data, 0.2, null, 1);
                    ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
                }

                public static void Clinic(MLContext ml, Visit[] visits)
                {
                    var split = ml.Data.{|MLG2006:TrainTestSplit|}(ml.Data.LoadFromEnumerable(visits), 0.2, seed: 1);
                }

                public static void Custom(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|MLG2006:TrainTestSplit|}(data, 0.2, seed: 1);
                    ml.Ranking.Trainers.FastTree(rowGroupColumnName: "Query").Fit(split.TrainSet);
                }
            }
            """, Types + """
            public static class Training
            {
                public static void Ranking(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile<SearchResult>(path);
                    var split = ml.Data.TrainTestSplit(data, 0.2, nameof(SearchResult.GroupId), 1);
                    ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
                }

                public static void Clinic(MLContext ml, Visit[] visits)
                {
                    var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(visits), 0.2, seed: 1, samplingKeyColumnName: nameof(Visit.PatientId));
                }

                public static void Custom(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1, samplingKeyColumnName: "Query");
                    ml.Ranking.Trainers.FastTree(rowGroupColumnName: "Query").Fit(split.TrainSet);
                }
            }
            """);
}
