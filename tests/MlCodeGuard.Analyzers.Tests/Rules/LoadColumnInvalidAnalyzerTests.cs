using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.LoadColumnInvalidAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.LoadColumnInvalidAnalyzer, MlCodeGuard.CodeFixes.LoadColumnInvalidCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class LoadColumnInvalidAnalyzerTests
{
    private static DiagnosticResult Missing(int location, string kind, string name, string row, bool noColumn = false)
        => new DiagnosticResult(Descriptors.LoadColumnInvalid).WithLocation(location).WithSeverity(DiagnosticSeverity.Error)
            .WithArguments(kind, name, $"has no [LoadColumn]: the text loader of '{row}' throws \"{kind} '{name}' is missing the LoadColumnAttribute attribute\"" + (noColumn ? " ([NoColumn] does not exempt it)" : ""));

    [Fact]
    public Task Members_without_LoadColumn_are_errors_on_their_identifier()
        => VerifyCS.AnalyzerAsync("""
            public class Trip
            {
                [LoadColumn(0)] public float Distance { get; set; }
                public float {|#0:Fare|} { get; set; }
                public string {|#1:Vendor|} = "";
                [NoColumn] public float {|#2:Computed|} { get; set; }
                public float {|#3:Derived|} => Distance * 2;
                private float _hidden;
                public static float Shared { get; set; }
                public const int Version = 1;
            }

            public static class Loading
            {
                public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
                public static IDataView Again(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path);
            }
            """,
            Missing(0, "Property", "Fare", "Trip"),
            Missing(1, "Field", "Vendor", "Trip"),
            Missing(2, "Property", "Computed", "Trip", noColumn: true),
            Missing(3, "Property", "Derived", "Trip"));

    [Fact]
    public Task Overlapping_indices_are_warnings()
        => VerifyCS.AnalyzerAsync("""
            public class Row
            {
                [LoadColumn(0)] public float Label { get; set; }
                [LoadColumn(1, 4), VectorType(4)] public float[] Features { get; set; } = new float[4];
                [LoadColumn(4)] public float {|#0:Last|} { get; set; }
                [LoadColumn(0)] public float {|#1:Again|} { get; set; }
            }

            public static class Loading
            {
                public static TextLoader Create(MLContext ml) => ml.Data.CreateTextLoader<Row>(separatorChar: ',');
            }
            """,
            new DiagnosticResult(Descriptors.LoadColumnInvalid).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
                .WithArguments("Property", "Last", "loads source column 4 that 'Features' loads too: one text column feeds two members"),
            new DiagnosticResult(Descriptors.LoadColumnInvalid).WithLocation(1).WithSeverity(DiagnosticSeverity.Warning)
                .WithArguments("Property", "Again", "loads source column 0 that 'Label' loads too: one text column feeds two members"));

    [Fact]
    public Task Classes_not_read_by_the_text_loader_and_correct_classes_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public class InMemory
            {
                public float Size { get; set; }
                public float Price { get; set; }
            }

            public class Row
            {
                [LoadColumn(0)] public float Label { get; set; }
                [LoadColumn(new[] { 1, 3 })] public float[] Picked { get; set; } = new float[2];
                [LoadColumn(2)] public string Text = "";
                [LoadColumn(4, 6)] public float[] Rest { get; set; } = new float[3];
            }

            public static class Loading
            {
                public static void Load(MLContext ml, string path, InMemory[] rows)
                {
                    ml.Data.LoadFromEnumerable(rows);
                    ml.Data.LoadFromTextFile<Row>(path);
                    ml.Data.LoadFromTextFile(path, new[] { new TextLoader.Column("Label", DataKind.Single, 0) });
                }
            }
            """);

    /// <summary>ml#4480 / smp#319: a prediction-output member added to the input class of a text loader.</summary>
    [Fact]
    public Task Issue_4480_extra_member_on_the_loaded_class()
        => VerifyCS.AnalyzerAsync("""
            public class SentimentData
            {
                [LoadColumn(0)] public string SentimentText = "";
                [LoadColumn(1), ColumnName("Label")] public bool Sentiment;
                public float {|#0:Probability|};
            }

            public static class Issue4480
            {
                public static IDataView Run(MLContext mlContext, string path)
                    => mlContext.Data.LoadFromTextFile<SentimentData>(path, hasHeader: false);
            }
            """,
            Missing(0, "Field", "Probability", "SentimentData"));

    /// <summary>
    /// Found in dotnet/machinelearning-samples (HeartDiseasePrediction): an older <c>DataStructure.HeartData</c> without
    /// attributes next to the <c>DataStructures.HeartData</c> the program loads. Only the class the loader's type
    /// argument can denote by C#'s lookup is checked.
    /// </summary>
    [Fact]
    public Task A_class_of_the_same_name_in_another_namespace_is_not_the_loaded_one()
        => VerifyCS.AnalyzerFilesAsync(
            new[]
            {
                """
                namespace App.Old
                {
                    public class Row { public float Age; public float Label; }
                }

                namespace App.New
                {
                    public class Row { [LoadColumn(0)] public float Age; [LoadColumn(1)] public float Label; }
                }
                """,
                """
                namespace App
                {
                    using App.New;

                    public static class Training
                    {
                        public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Row>(path, hasHeader: true);
                    }
                }
                """,
            },
            compilerErrors: true);

    [Fact]
    public Task A_class_of_the_same_name_is_checked_where_the_loader_can_denote_it()
        => VerifyCS.AnalyzerFilesAsync(
            new[]
            {
                """
                namespace App.Old
                {
                    public class Row { public float {|#0:Age|}; [LoadColumn(0)] public float Label; }
                }

                namespace App.New
                {
                    public class Row { [LoadColumn(0)] public float Age; public float {|#1:Label|}; }
                }

                namespace App.Other
                {
                    public class Row { public float {|#2:Size|}; }
                }

                namespace App.Fourth
                {
                    public class Row { public float {|#3:Weight|}; }
                }

                public class Holder
                {
                    public class Row { public float {|#4:Nested|}; }

                    public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Row>(path);
                }

                public class Unrelated
                {
                    public class Row { public float Ignored; }
                }
                """,
                """
                namespace App.Old.Training
                {
                    // The enclosing namespace App.Old is searched: App.Old.Row.
                    public static class ByEnclosingNamespace
                    {
                        public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Row>(path);
                    }
                }

                namespace Elsewhere
                {
                    public static class ByQualifiedName
                    {
                        public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<App.New.Row>(path);
                    }
                }
                """,
                """
                using Row = App.Other.Row;

                public static class ByAlias
                {
                    public static TextLoader Create(MLContext ml) => ml.Data.CreateTextLoader<Row>();
                }

                namespace App
                {
                    using Fourth;

                    // "using Fourth" inside namespace App imports App.Fourth.
                    public static class ByRelativeUsing
                    {
                        public static TextLoader Create(MLContext ml) => ml.Data.CreateTextLoader<Row>();
                    }
                }
                """,
            },
            compilerErrors: true,
            Missing(0, "Field", "Age", "Row"),
            Missing(1, "Field", "Label", "Row"),
            Missing(2, "Field", "Size", "Row"),
            Missing(3, "Field", "Weight", "Row"),
            Missing(4, "Field", "Nested", "Row"));

    /// <summary>
    /// Found in dotnet/machinelearning-samples: row classes of ML.NET 0.x with <c>[Column("0")]</c>, an attribute that no
    /// longer exists. What the member loads is not known, so it is not reported; a member with no attribute still is.
    /// </summary>
    [Fact]
    public Task A_member_with_an_attribute_that_does_not_resolve_is_not_reported()
        => VerifyCS.AnalyzerFilesAsync(
            new[]
            {
                """
                public class Row
                {
                    [Column("0")] public float Age;
                    [Column("1"), ColumnName("Label")] public bool Sick;
                    public float {|#0:Extra|};
                }

                public static class Loading
                {
                    public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Row>(path);
                }
                """,
            },
            compilerErrors: false,
            Missing(0, "Field", "Extra", "Row"));

    /// <summary>
    /// Found in dotnet/machinelearning-samples (CreditCardFraudDetection): an old copy of the row class, without
    /// attributes, left in a second file beside the current one. The compiler rejects the pair (CS0101) and merges their
    /// members into a type that exists nowhere as written; a correctly partial class is still checked.
    /// </summary>
    [Fact]
    public Task A_class_declared_twice_is_not_judged_but_a_partial_one_is()
        => VerifyCS.AnalyzerFilesAsync(
            new[]
            {
                """
                public class Observation { [LoadColumn(0)] public float Time; [LoadColumn(1)] public bool Label; }

                public partial class Split { [LoadColumn(0)] public float Time; }

                public static class Loading
                {
                    public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Observation>(path);

                    public static IDataView Other(MLContext ml, string path) => ml.Data.LoadFromTextFile<Split>(path);
                }
                """,
                """
                public class Observation { public bool Label; public float V1; }

                public partial class Split { public float {|#0:Amount|}; }
                """,
            },
            compilerErrors: false,
            Missing(0, "Field", "Amount", "Split"));

    [Fact]
    public Task Fix_adds_the_next_free_indices()
        => VerifyFix.FixAsync("""
            public class Trip
            {
                [LoadColumn(0)] public float Distance { get; set; }
                [LoadColumn(1, 2), VectorType(2)] public float[] Pair { get; set; } = new float[2];
                public float {|MLG3009:Fare|} { get; set; }
                [ColumnName("Label")]
                public float {|MLG3009:Tip|};
            }

            public static class Loading
            {
                public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path);
            }
            """, """
            public class Trip
            {
                [LoadColumn(0)] public float Distance { get; set; }
                [LoadColumn(1, 2), VectorType(2)] public float[] Pair { get; set; } = new float[2];
                [LoadColumn(3)]
                public float Fare { get; set; }
                [LoadColumn(4)]
                [ColumnName("Label")]
                public float Tip;
            }

            public static class Loading
            {
                public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path);
            }
            """);

    public sealed class WithoutAttribute
    {
        [LoadColumn(0)] public float Distance { get; set; }

        public float Fare { get; set; }
    }

    public sealed class WithNoColumn
    {
        [LoadColumn(0)] public float Distance { get; set; }

        [NoColumn] public float Fare { get; set; }
    }

    public sealed class Fixed
    {
        [LoadColumn(0)] public float Distance { get; set; }

        [LoadColumn(1)] public float Fare { get; set; }
    }

    /// <summary>Ground truth: ML.NET 5.0.1's text loader throws for a member without [LoadColumn], [NoColumn] or not.</summary>
    [Fact]
    public void Ml_net_text_loader_rejects_members_without_LoadColumn_and_loads_the_fixed_class()
    {
        var ml = MlNet.Context();
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, new[] { "1,2", "3,4" });
            Assert.Contains("Property 'Fare' is missing the LoadColumnAttribute attribute", MlNet.Failure(() => ml.Data.LoadFromTextFile<WithoutAttribute>(path, separatorChar: ',')));
            Assert.Contains("Property 'Fare' is missing the LoadColumnAttribute attribute", MlNet.Failure(() => ml.Data.LoadFromTextFile<WithNoColumn>(path, separatorChar: ',')));
            Assert.Contains("Property 'Fare' is missing the LoadColumnAttribute attribute", MlNet.Failure(() => ml.Data.CreateTextLoader<WithoutAttribute>(separatorChar: ',')));
            Assert.Null(MlNet.Failure(() => ml.Data.CreateEnumerable<Fixed>(ml.Data.LoadFromTextFile<Fixed>(path, separatorChar: ','), reuseRowObject: false).ToList()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
