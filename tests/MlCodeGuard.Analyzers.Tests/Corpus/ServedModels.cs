using System;
using Microsoft.ML.Data;
using MlCodeGuard.Runtime;

namespace Serving;

public sealed class TaxiTrip
{
    public string VendorId { get; set; } = "";
    public float PassengerCount { get; set; }
    public float TripDistance { get; set; }
    public string PaymentType { get; set; } = "";
    [NoColumn] public string RequestId { get; set; } = "";
}

public sealed class FarePrediction
{
    [ColumnName("Score")] public float FareAmount { get; set; }
    [VectorType(6)] public float[] Features { get; set; } = new float[6];
}

// Fine, but the model is not among the AdditionalFiles of this corpus: MLG5002.
[MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = "1.0.0")]
public sealed partial class TaxiFareModel;

// MLG5001: not partial; MLG5004: not SemVer.
[MlModel<TaxiTrip, FarePrediction>(@"models\taxi-fare-v2.zip", Version = "2.0")]
public class TaxiFareModelV2 { }

public static partial class Models
{
    [MlModel<TaxiTrip, FarePrediction>("models/nested.zip")]
    internal partial class Nested<T> { }
}

public static class Program
{
    public static void Main() => Console.WriteLine(typeof(TaxiFareModel).Name);
}
