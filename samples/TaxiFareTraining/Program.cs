using Microsoft.ML;

namespace TaxiFareTraining;

public static class Program
{
    public static void Main()
    {
        var dataPath = Path.Combine(AppContext.BaseDirectory, "Data", "taxi-fare.csv");
        var modelPath = Path.Combine(AppContext.BaseDirectory, "taxi-fare-model.zip");

        Train(dataPath, modelPath);
        ExperimentRunner.Run(dataPath);

        var trip = new TaxiTrip { VendorId = "VTS", PassengerCount = 1, TripDistance = 3.5f, PaymentType = "CRD" };
        Console.WriteLine($"Predicted fare for a 3.5 mile trip: {FarePredictor.Predict(modelPath, trip):0.00}");
        ModelPublisher.Publish(dataPath, modelPath);
        if (Environment.GetCommandLineArgs().Contains("--feature-experiments")) FeatureExperiments.Run(dataPath); // opt-in: the defective experiments
    }

    // Loads, splits, trains, evaluates and saves the model.
    private static void Train(string dataPath, string modelPath)
    {
        var mlContext = new MLContext(); // MLG1001: this context trains but has no seed

        IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2); // MLG1002: no seed, unseeded context

        var pipeline = mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId))
            .Append(mlContext.Transforms.Categorical.OneHotEncoding("PaymentTypeEncoded", nameof(TaxiTrip.PaymentType)))
            .Append(mlContext.Transforms.Concatenate("Features",
                "VendorIdEncoded", "PaymentTypeEncoded", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)))
            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.Regression.Trainers.Sdca());

        var model = pipeline.Fit(split.TrainSet);

        var metrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"Sdca:     R^2 = {metrics.RSquared:0.000}, RMSE = {metrics.RootMeanSquaredError:0.00}");

        mlContext.Model.Save(model, data.Schema, modelPath);
    }
}
