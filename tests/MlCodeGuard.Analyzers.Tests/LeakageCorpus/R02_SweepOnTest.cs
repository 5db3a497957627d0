using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Shot { [LoadColumn(0)] public float Angle { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public static class ShotModel
{
    public static void Sweep(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var best = 0.0;
        foreach (var leaves in new[] { 8, 16, 32, 64 })
        {
            var model = ml.Transforms.Concatenate("Features", nameof(Shot.Angle))
                .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves))
                .Fit(split.TrainSet);
            var auc = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve; // expect: MLG2004
            best = Math.Max(best, auc);
        }

        Console.WriteLine(best);
    }
}
