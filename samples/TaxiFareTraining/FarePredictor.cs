using Microsoft.ML;

namespace TaxiFareTraining;

/// <summary>Inference only: loads the saved model and scores one trip. No training, so no seed is needed.</summary>
public static class FarePredictor
{
    public static float Predict(string modelPath, TaxiTrip trip)
    {
        var mlContext = new MLContext();
        ITransformer model = mlContext.Model.Load(modelPath, out _);
        using var engine = mlContext.Model.CreatePredictionEngine<TaxiTrip, FarePrediction>(model);
        return engine.Predict(trip).FareAmount;
    }
}
