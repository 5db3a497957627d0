using Microsoft.ML.Data;

namespace TaxiFareTraining;

/// <summary>One row of Data/taxi-fare.csv.</summary>
public sealed class TaxiTrip
{
    [LoadColumn(0)]
    public string VendorId { get; set; } = "";

    [LoadColumn(1)]
    public float PassengerCount { get; set; }

    [LoadColumn(2)]
    public float TripDistance { get; set; }

    [LoadColumn(3)]
    public string PaymentType { get; set; } = "";

    [LoadColumn(4), ColumnName("Label")]
    public float FareAmount { get; set; }
}

/// <summary>What the regression model predicts.</summary>
public sealed class FarePrediction
{
    [ColumnName("Score")]
    public float FareAmount { get; set; }
}
