using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Churn { [LoadColumn(0)] public float Tenure { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public sealed class ChurnTrainer
{
    public void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.3, seed: 9);
        var model = ml.Transforms.Concatenate("Features", "Tenure")
            .Append(ml.BinaryClassification.Trainers.FastForest())
            .Fit(split.TrainSet);
        // "Overall" metrics over every row, training rows included.
        var overall = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data)); // expect: MLG2001
        Console.WriteLine(overall.F1Score);
    }
}
