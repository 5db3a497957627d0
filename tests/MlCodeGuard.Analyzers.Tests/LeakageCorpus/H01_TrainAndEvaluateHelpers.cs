using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class TaxiTrip
{
    [LoadColumn(0)] public string VendorId { get; set; } = "";
    [LoadColumn(1)] public float PassengerCount { get; set; }
    [LoadColumn(2)] public float TripDistance { get; set; }
    [LoadColumn(3), ColumnName("Label")] public float FareAmount { get; set; }
}

internal static class Program
{
    private static void Main(string[] args)
    {
        var mlContext = new MLContext(seed: 0);
        var trainingData = LoadData(mlContext, "Data/taxi-fare-train.csv");

        var model = BuildAndTrainModel(mlContext, trainingData);
        EvaluateModel(mlContext, model, trainingData); // expect: MLG2001

        mlContext.Model.Save(model, trainingData.Schema, "Model.zip");
    }

    private static IDataView LoadData(MLContext mlContext, string path)
        => mlContext.Data.LoadFromTextFile<TaxiTrip>(path, hasHeader: true, separatorChar: ',');

    private static ITransformer BuildAndTrainModel(MLContext mlContext, IDataView trainingData)
    {
        var pipeline = mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId))
            .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)))
            .Append(mlContext.Regression.Trainers.FastTree());

        Console.WriteLine("=============== Training the model ===============");
        return pipeline.Fit(trainingData);
    }

    private static void EvaluateModel(MLContext mlContext, ITransformer model, IDataView data)
    {
        var predictions = model.Transform(data);
        var metrics = mlContext.Regression.Evaluate(predictions, "Label", "Score");
        Console.WriteLine($"RSquared Score: {metrics.RSquared:0.##}");
        Console.WriteLine($"Root Mean Squared Error: {metrics.RootMeanSquaredError:#.##}");
    }
}
