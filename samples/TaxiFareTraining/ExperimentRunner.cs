using Microsoft.ML;

namespace TaxiFareTraining;

/// <summary>Tries a gradient-boosted tree model on the same data. The context is seeded to make runs comparable.</summary>
public static class ExperimentRunner
{
    public static void Run(string dataPath)
    {
        var mlContext = new MLContext(seed: 1);

        IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2); // fine: inherits the context's seed

        var pipeline = mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId))
            .Append(mlContext.Transforms.Categorical.OneHotEncoding("PaymentTypeEncoded", nameof(TaxiTrip.PaymentType)))
            .Append(mlContext.Transforms.Concatenate("Features",
                "VendorIdEncoded", "PaymentTypeEncoded", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)))
            .Append(mlContext.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 50)); // MLG1003: multi-threaded

        var model = pipeline.Fit(split.TrainSet);

        var metrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"FastTree: R^2 = {metrics.RSquared:0.000}, RMSE = {metrics.RootMeanSquaredError:0.00}");
    }
}
