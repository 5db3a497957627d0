using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Cell { [LoadColumn(0)] public float Radius { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public static class Diagnosis
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var prep = ml.Transforms.Concatenate("Features", nameof(Cell.Radius))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Fit(split.TrainSet);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(prep.Transform(split.TrainSet));
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(split.TestSet))).Accuracy);

        // Row-wise normalization learns nothing from the rows.
        var rowWise = ml.Transforms.Concatenate("Features", nameof(Cell.Radius)).Append(ml.Transforms.NormalizeLpNorm("Features")).Fit(data);
        var split2 = ml.Data.TrainTestSplit(rowWise.Transform(data), 0.2, seed: 2);
        Console.WriteLine(split2.TestSet.Schema.Count);
    }
}
