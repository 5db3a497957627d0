using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Order { [LoadColumn(0)] public float Quantity { get; set; } [LoadColumn(1)] public float Discount { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class Returns
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var scaler = ml.Transforms.Concatenate("Features", nameof(Order.Quantity), nameof(Order.Discount))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Fit(split.TestSet); // expect: MLG2003
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(scaler.Transform(split.TrainSet));
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(scaler.Transform(split.TestSet))).F1Score);
    }
}
