using MlCodeGuard.Runtime;

namespace TaxiFareServing;

/// <summary>
/// The served model. The MlCodeGuard generator adds Load, Predict, Rent, Reload and GetHealth over
/// MlCodeGuard.Runtime's ModelHost; the analyzers check at compile time that models/taxi-fare.manifest.json records
/// a schema that fits <see cref="TaxiTrip"/> and <see cref="FarePrediction"/> and the version 1.0.0.
/// </summary>
[MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = "1.0.0")]
public sealed partial class TaxiFareModel;
