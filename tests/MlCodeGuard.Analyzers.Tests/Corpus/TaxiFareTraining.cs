using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Corpus.TaxiFare;

public class TaxiTrip
{
    [LoadColumn(0)] public string VendorId { get; set; } = "";
    [LoadColumn(1)] public float PassengerCount { get; set; }
    [LoadColumn(2)] public float TripDistance { get; set; }
    [LoadColumn(3)] public string PaymentType { get; set; } = "";
    [LoadColumn(4)] public float FareAmount { get; set; }
}

public class FarePrediction
{
    [ColumnName("Score")] public float FareAmount { get; set; }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var mlContext = new MLContext();
        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = mlContext.Transforms.CopyColumns("Label", nameof(TaxiTrip.FareAmount))
            .Append(mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId)))
            .Append(mlContext.Transforms.Categorical.OneHotEncoding("PaymentTypeEncoded", nameof(TaxiTrip.PaymentType)))
            .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", "PaymentTypeEncoded", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)))
            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.Regression.Trainers.Sdca());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"R^2: {metrics.RSquared:0.###}");
        mlContext.Model.Save(model, data.Schema, "model.zip");
        using var engine = mlContext.Model.CreatePredictionEngine<TaxiTrip, FarePrediction>(model);
        Console.WriteLine(engine.Predict(new TaxiTrip { TripDistance = 3, PassengerCount = 1, VendorId = "CMT", PaymentType = "CRD" }).FareAmount);
    }
}

public sealed class Experiments
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    public MLContext Shared = new MLContext();

    public double CrossValidate(IDataView data)
    {
        var trainer = _ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfTrees = 20 });
        var results = _ml.Regression.CrossValidate(data, trainer, numberOfFolds: 5);
        var options = new SdcaRegressionTrainer.Options { NumberOfThreads = 1 };
        options.MaximumNumberOfIterations = 10;
        _ml.Regression.Trainers.Sdca(options).Fit(Shared.Data.ShuffleRows(data));
        return results.Average(r => r.Metrics.RSquared);
    }

    private static MLContext Create(bool seeded) => seeded ? new MLContext(1) : new MLContext();
}
