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
        EvaluateModel(mlContext, model, trainingData);

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
public class Churn
{
    [LoadColumn(0)] public float Tenure { get; set; }
    [LoadColumn(1)] public float MonthlyCharges { get; set; }
    [LoadColumn(2)] public bool Label { get; set; }
}

public static class ChurnRetraining
{
    // "Use every row we have" after the evaluation split: the test rows go back into training.
    public static void Retrain(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 11);

        var trainRows = ml.Data.CreateEnumerable<Churn>(split.TrainSet, reuseRowObject: false);
        var testRows = ml.Data.CreateEnumerable<Churn>(split.TestSet, reuseRowObject: false);
        var allRows = ml.Data.LoadFromEnumerable(trainRows.Concat(testRows));

        var pipeline = ml.Transforms.Concatenate("Features", nameof(Churn.Tenure), nameof(Churn.MonthlyCharges))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(allRows);

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"F1: {metrics.F1Score:P2}");
    }
}
public class SentimentTrainer
{
    private readonly MLContext _ml = new(seed: 1);

    public double Run(string path)
    {
        var data = _ml.Data.LoadFromTextFile<TaxiTrip>(path, hasHeader: true);
        var (train, test) = SplitData(data);
        var model = Train(train);

        // Reports the accuracy on the rows the model has seen.
        var scored = model.Transform(train);
        var metrics = _ml.BinaryClassification.Evaluate(scored);
        return metrics.Accuracy;
    }

    private (IDataView Train, IDataView Test) SplitData(IDataView data)
    {
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        return (split.TrainSet, split.TestSet);
    }

    private ITransformer Train(IDataView trainSet)
    {
        var estimator = _ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        return estimator.Fit(trainSet);
    }
}
