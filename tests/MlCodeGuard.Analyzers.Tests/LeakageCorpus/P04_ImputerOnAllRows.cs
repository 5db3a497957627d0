using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Reading { [LoadColumn(0)] public float Glucose { get; set; } [LoadColumn(1)] public float Insulin { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class Diabetes
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 3);
        var imputer = ml.Transforms.ReplaceMissingValues("Insulin", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.Concatenate("Features", nameof(Reading.Glucose), nameof(Reading.Insulin)))
            .Fit(data); // expect: MLG2002
        var model = ml.BinaryClassification.Trainers.FastForest().Fit(imputer.Transform(split.TrainSet));
        Console.WriteLine(ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(imputer.Transform(split.TestSet))).Accuracy);
    }
}
