using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Applicant { [LoadColumn(0)] public float Income { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public static class Credit
{
    public static void Run(MLContext ml, IDataView data)
    {
        var binned = ml.Transforms.NormalizeSupervisedBinning("Income")
            .Append(ml.Transforms.Concatenate("Features", "Income"))
            .Fit(data); // expect: MLG2002
        var split = ml.Data.TrainTestSplit(binned.Transform(data), 0.25, seed: 8);
        var model = ml.BinaryClassification.Trainers.FastTree().Fit(split.TrainSet);
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve);
    }
}
