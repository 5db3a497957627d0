using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class HeartData
{
    [LoadColumn(0)] public float Age { get; set; }
    [LoadColumn(1)] public float Cholesterol { get; set; }
    [LoadColumn(2)] public float MaxHeartRate { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}

public class HeartDiseaseTrainer
{
    private readonly MLContext _mlContext = new MLContext(seed: 1);

    public void Run(string dataPath)
    {
        var data = _mlContext.Data.LoadFromTextFile<HeartData>(dataPath, hasHeader: true, separatorChar: ';');

        // Scale every column once, up front, then hand the data to the usual split helper.
        var scaler = _mlContext.Transforms.Concatenate("Features", nameof(HeartData.Age), nameof(HeartData.Cholesterol), nameof(HeartData.MaxHeartRate))
            .Append(_mlContext.Transforms.NormalizeMeanVariance("Features"))
            .Fit(data); // expect: MLG2002
        var scaled = scaler.Transform(data);

        var (train, test) = SplitData(scaled);
        var model = _mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(train);
        PrintMetrics(model, test);
    }

    private (IDataView Train, IDataView Test) SplitData(IDataView data)
    {
        var split = _mlContext.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        return (split.TrainSet, split.TestSet);
    }

    private void PrintMetrics(ITransformer model, IDataView test)
    {
        var metrics = _mlContext.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}  AUC: {metrics.AreaUnderRocCurve:P2}");
    }
}
