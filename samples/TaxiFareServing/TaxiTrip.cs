using Microsoft.ML.Data;

namespace TaxiFareServing;

/// <summary>A trip to price: the columns the taxi-fare model reads (the training label is not needed to predict).</summary>
public sealed class TaxiTrip
{
    public string VendorId { get; set; } = "";

    public float PassengerCount { get; set; }

    public float TripDistance { get; set; }

    public string PaymentType { get; set; } = "";
}

/// <summary>What the regression model predicts.</summary>
public sealed class FarePrediction
{
    [ColumnName("Score")]
    public float FareAmount { get; set; }
}
