using V = MlCodeGuard.Analyzers.Tests.Verifiers.ContractVerify<MlCodeGuard.Analyzers.Rules.ModelSchemaMismatchAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

/// <summary>The taxi-fare model of samples/TaxiFareTraining as its manifest records it, and the types that fit it.</summary>
internal static class ContractFixtures
{
    public const string Types = """
        public sealed class TaxiTrip
        {
            [LoadColumn(0)] public string VendorId { get; set; } = "";
            [LoadColumn(1)] public float PassengerCount { get; set; }
            [LoadColumn(2)] public float TripDistance { get; set; }
            [LoadColumn(3)] public string PaymentType { get; set; } = "";
            [LoadColumn(4), ColumnName("Label")] public float FareAmount { get; set; }
        }

        public sealed class FarePrediction
        {
            [ColumnName("Score")] public float FareAmount { get; set; }
        }

        """;

    public static readonly string InputSchema = string.Join(", ",
        V.Column("VendorId", "Text"), V.Column("PassengerCount", "Single"), V.Column("TripDistance", "Single"),
        V.Column("PaymentType", "Text"), V.Column("Label", "Single"));

    public static readonly string OutputSchema = string.Join(", ",
        V.Column("VendorId", "Text"), V.Column("PassengerCount", "Single"), V.Column("TripDistance", "Single"),
        V.Column("PaymentType", "Text"), V.Column("Label", "Single"),
        V.Column("VendorIdEncoded", "Single", 2), V.Column("PaymentTypeEncoded", "Single", 2),
        V.Column("Features", "Single", 6), V.Column("Score", "Single"));

    public static (string, string)[] Files(string version = "1.0.0", string? output = null, string? input = null) =>
    [
        ("/src/Serving/models/taxi-fare.zip", "PK"),
        ("/src/Serving/models/taxi-fare.manifest.json", V.Manifest(version, input ?? InputSchema, output ?? OutputSchema)),
    ];
}
