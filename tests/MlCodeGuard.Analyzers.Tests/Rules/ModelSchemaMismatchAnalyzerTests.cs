using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using Xunit;
using V = MlCodeGuard.Analyzers.Tests.Verifiers.ContractVerify<MlCodeGuard.Analyzers.Rules.ModelSchemaMismatchAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class ModelSchemaMismatchAnalyzerTests
{
    private const string Manifest = "models/taxi-fare.manifest.json";

    private static DiagnosticResult Mismatch(int at, int member, string side, string column, string clrMember, string what)
        => new DiagnosticResult(Descriptors.ModelSchemaMismatch).WithLocation(at).WithLocation(member).WithArguments(side, column, clrMember, what);

    [Fact]
    public Task Matching_types_are_fine()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = "1.0.0")]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files());

    [Fact]
    public Task Serving_input_without_the_label_and_output_with_passthrough_columns_are_fine()
        => V.AnalyzerAsync("""
            public sealed class Trip
            {
                public string VendorId { get; set; } = "";
                public float PassengerCount { get; set; }
                public float TripDistance { get; set; }
                public string PaymentType { get; set; } = "";
                [NoColumn] public string RequestId { get; set; } = "";
                public static float Ignored;
            }

            public sealed class Fare
            {
                public float Score;
                public float TripDistance;
                [VectorType(6)] public float[] Features = new float[6];
                public float[] VendorIdEncoded = new float[2];
            }

            [MlModel<Trip, Fare>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files());

    [Fact]
    public Task Double_input_member_where_the_model_reads_Single()
        => V.AnalyzerAsync("""
            public sealed class Trip
            {
                public string VendorId { get; set; } = "";
                public double {|#1:TripDistance|} { get; set; }
            }

            public sealed class Fare { public float Score { get; set; } }

            [MlModel<{|#0:Trip|}, Fare>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(),
            Mismatch(0, 1, "Input", "TripDistance", "Trip.TripDistance", $"is Double in C#, but the manifest '{Manifest}' says the model reads Single"));

    [Fact]
    public Task Output_member_the_model_does_not_produce_mb2911()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            public sealed class Fare
            {
                public float Score { get; set; }
                public float {|#1:Probability|} { get; set; }
            }

            [MlModel<TaxiTrip, {|#0:Fare|}>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(),
            Mismatch(0, 1, "Output", "Probability", "Fare.Probability",
                $"is not produced by the model: the manifest '{Manifest}' lists VendorId, PassengerCount, TripDistance, PaymentType, Label, VendorIdEncoded, PaymentTypeEncoded, Features, Score"));

    [Fact]
    public Task Renamed_output_member_binds_by_its_column_name()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            public sealed class Fare
            {
                [ColumnName("Scores")] public float {|#1:Amount|} { get; set; }
            }

            [MlModel<TaxiTrip, {|#0:Fare|}>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(),
            Mismatch(0, 1, "Output", "Scores", "Fare.Amount",
                $"is not produced by the model: the manifest '{Manifest}' lists VendorId, PassengerCount, TripDistance, PaymentType, Label, VendorIdEncoded, PaymentTypeEncoded, Features, Score"));

    [Fact]
    public Task Wrong_output_type_and_wrong_vector_size()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            public sealed class Fare
            {
                public double {|#1:Score|} { get; set; }
                [VectorType(4)] public float[] {|#2:Features|} { get; set; } = new float[4];
                public float {|#3:VendorIdEncoded|} { get; set; }
            }

            [MlModel<TaxiTrip, {|#0:Fare|}>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(),
            Mismatch(0, 1, "Output", "Score", "Fare.Score", $"is Double in C#, but the manifest '{Manifest}' says the model produces Single"),
            Mismatch(0, 2, "Output", "Features", "Fare.Features", $"is Vector<Single, 4> in C#, but the manifest '{Manifest}' says the model produces Vector<Single, 6>"),
            Mismatch(0, 3, "Output", "VendorIdEncoded", "Fare.VendorIdEncoded", $"is Single in C#, but the manifest '{Manifest}' says the model produces Vector<Single, 2>"));

    [Fact]
    public Task Input_vector_must_have_the_model_size()
        => V.AnalyzerAsync("""
            public sealed class Pixels
            {
                [VectorType(784)] public float[] Image { get; set; } = new float[784];
            }

            public sealed class Sized
            {
                public float[] {|#1:Image|} { get; set; } = new float[784];
            }

            public sealed class Digit
            {
                [KeyType(10)] public uint PredictedLabel { get; set; }
                public float[] Score { get; set; } = new float[10];
            }

            [MlModel<Pixels, Digit>("models/digits.zip")]
            public partial class DigitModel;

            [MlModel<{|#0:Sized|}, Digit>("models/digits.zip")]
            public partial class UnsizedDigitModel;
            """,
            [("/m/models/digits.zip", "PK"), ("/m/models/digits.manifest.json", V.Manifest("1.0.0",
                V.Column("Image", "Single", 784),
                V.Column("Image", "Single", 784) + ", " + V.Column("PredictedLabel", "Key<UInt32>", isKey: true) + ", " + V.Column("Score", "Single", 10)))],
            Mismatch(0, 1, "Input", "Image", "Sized.Image", "is Vector<Single, ?> in C#, but the manifest 'models/digits.manifest.json' says the model reads Vector<Single, 784>"));

    [Fact]
    public Task Key_column_read_into_a_plain_uint()
        => V.AnalyzerAsync("""
            public sealed class Pixels { [VectorType(4)] public float[] Image { get; set; } = new float[4]; }

            public sealed class Digit { public uint {|#1:PredictedLabel|} { get; set; } }

            [MlModel<Pixels, {|#0:Digit|}>("models/digits.zip")]
            public partial class DigitModel;
            """,
            [("/m/models/digits.zip", "PK"), ("/m/models/digits.manifest.json", V.Manifest("1.0.0",
                V.Column("Image", "Single", 4), V.Column("PredictedLabel", "Key<UInt32>", isKey: true)))],
            Mismatch(0, 1, "Output", "PredictedLabel", "Digit.PredictedLabel", "is UInt32 in C#, but the manifest 'models/digits.manifest.json' says the model produces Key<UInt32>"));

    [Fact]
    public Task Missing_or_unreadable_manifest_is_not_this_rule()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            public sealed class Fare { public double Score { get; set; } }

            [MlModel<TaxiTrip, Fare>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;

            [MlModel<TaxiTrip, Fare>("models/other.zip")]
            public partial class OtherModel;
            """, [("/src/models/taxi-fare.zip", "PK"), ("/src/models/taxi-fare.manifest.json", "{ not json")]);
}
