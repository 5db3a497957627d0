using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// ml#2750: multiclass repro evaluating the view it trained on.
public class Iris { [LoadColumn(0)] public float SepalLength; [LoadColumn(1)] public float PetalLength; [LoadColumn(2)] public string Label = ""; }

public static class IrisRepro
{
    public static void Run(MLContext mlContext, Iris[] rows)
    {
        IDataView trainData = mlContext.Data.LoadFromEnumerable(rows);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "PetalLength"))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var model = pipeline.Fit(trainData);
        var predictions = model.Transform(trainData);
        var metrics = mlContext.MulticlassClassification.Evaluate(predictions); // expect: MLG2001
        Console.WriteLine(metrics.MicroAccuracy);
    }
}
