using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace TaxiFareTraining;

/// <summary>
/// Feature experiments as they often look on a first try. Each carries a schema defect (one a leakage defect) that
/// mlguard reports at compile time; ML.NET finds them only when they run, or never. The default run does not call
/// them: `dotnet run -- --feature-experiments` runs each and prints what ML.NET does with it.
/// </summary>
public static class FeatureExperiments
{
    public static void Run(string dataPath)
    {
        Try("misspelled column", () => MisspelledColumn(dataPath));
        Try("raw text feature", () => RawTextFeature(dataPath));
        Try("payment type, label not a key", () => PaymentTypeWithoutKey(dataPath));
        Try("payment type, prediction not mapped back", () => PaymentTypeNotMappedBack(dataPath));
        Try("fare read from PredictedLabel", () => FareFromPredictedLabel(dataPath));
        Try("evaluate the unscored test set", () => EvaluateUnscored(dataPath));
        Try("optional normalization", () => OptionalNormalization(dataPath, normalize: true));
        Try("evaluate on the training rows", () => EvaluateOnTrainingRows(dataPath));
    }

    private static void Try(string name, Action experiment)
    {
        try
        {
            experiment();
        }
        catch (Exception e)
        {
            Console.WriteLine($"{name}: {e.GetType().Name}: {e.Message}");
        }
    }

    // A typo in a column name: Fit throws "Could not find input column 'TripDistanse'".
    private static void MisspelledColumn(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), "TripDistanse") // MLG3001
            .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression()); // MLG4005 // MLG4006
        pipeline.Fit(data);
    }

    // The payment type goes into the features as text: Fit throws "Schema mismatch for feature column".
    private static void RawTextFeature(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PaymentType)) // MLG3005
            .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression()); // MLG4005
        pipeline.Fit(data);
    }

    // Predicting the payment type from the trip: a multiclass label must be a key, Fit throws.
    private static void PaymentTypeWithoutKey(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: nameof(TaxiTrip.PaymentType))); // MLG3004 // MLG4005 // MLG4006
        pipeline.Fit(data);
    }

    // The label is a key now, but the predicted key is never mapped back to "CRD"/"CSH": binding a string throws.
    private static void PaymentTypeNotMappedBack(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("PaymentKey", nameof(TaxiTrip.PaymentType))
            .Append(mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "PaymentKey")); // MLG4005 // MLG4006
        var model = pipeline.Fit(data);
        var engine = mlContext.Model.CreatePredictionEngine<TaxiTrip, PaymentPrediction>(model); // MLG3008 // MLG4003
        Console.WriteLine($"payment type: {engine.Predict(SampleTrip).PaymentType}");
    }

    // A regression has no PredictedLabel: the engine leaves Fare at 0 for every trip, and nothing fails.
    private static void FareFromPredictedLabel(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance))
            .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression()); // MLG4005 // MLG4006
        var model = pipeline.Fit(data);
        var engine = mlContext.Model.CreatePredictionEngine<TaxiTrip, FareEstimate>(model); // MLG3007 // MLG4003
        Console.WriteLine($"fare read from PredictedLabel: {engine.Predict(SampleTrip).Fare:0.00}");
    }

    // The test rows are evaluated as loaded, without the model's scores: Evaluate throws "Score column 'Score' not found".
    private static void EvaluateUnscored(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance))
            .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression()); // MLG4005 // MLG4006
        var model = pipeline.Fit(split.TrainSet);
        var metrics = mlContext.Regression.Evaluate(split.TestSet); // MLG3011
        Console.WriteLine($"R^2 = {metrics.RSquared:0.000}");
    }

    // Estimator chains are immutable: the normalizer is appended to nothing, and the model trains without it.
    private static void OptionalNormalization(string dataPath, bool normalize)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var features = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance));
        if (normalize)
        {
            features.Append(mlContext.Transforms.NormalizeMinMax("Features")); // MLG3012
        }

        var model = features.Append(mlContext.Regression.Trainers.LbfgsPoissonRegression()).Fit(data); // MLG4005 // MLG4006
        Console.WriteLine($"normalized: {model.Any(t => t is NormalizingTransformer)}");
    }

    // The model is scored on the rows it was fitted on: the metrics look better than any new trip will see.
    private static void EvaluateOnTrainingRows(string dataPath)
    {
        var mlContext = new MLContext(seed: 0);
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance))
            .Append(mlContext.Regression.Trainers.LbfgsPoissonRegression()); // MLG4005 // MLG4006
        var model = pipeline.Fit(data);
        var metrics = mlContext.Regression.Evaluate(model.Transform(data)); // MLG2001
        Console.WriteLine($"R^2 on the training rows = {metrics.RSquared:0.000}");
    }

    private static TaxiTrip SampleTrip => new() { VendorId = "VTS", PassengerCount = 1, TripDistance = 3.5f, PaymentType = "CRD" };
}

/// <summary>The payment type a multiclass model predicts, expected as its text.</summary>
public sealed class PaymentPrediction
{
    [ColumnName("PredictedLabel")]
    public string PaymentType { get; set; } = "";
}

/// <summary>A fare estimate read from the wrong column: regression models output Score only.</summary>
public sealed class FareEstimate
{
    [ColumnName("PredictedLabel")]
    public float Fare { get; set; }
}
