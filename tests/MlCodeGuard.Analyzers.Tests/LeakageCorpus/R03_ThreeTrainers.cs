using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Star { [LoadColumn(0)] public float Magnitude { get; set; } [LoadColumn(1)] public float Color { get; set; } [LoadColumn(2)] public string Label { get; set; } = ""; }

public static class StarTypes
{
    public static void Compare(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.3, seed: 1);
        var prep = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", nameof(Star.Magnitude), nameof(Star.Color)));
        var a = prep.Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(split.TrainSet);
        var b = prep.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()).Fit(split.TrainSet);
        var c = prep.Append(ml.MulticlassClassification.Trainers.NaiveBayes()).Fit(split.TrainSet);
        Console.WriteLine(ml.MulticlassClassification.Evaluate(a.Transform(split.TestSet)).MacroAccuracy);
        Console.WriteLine(ml.MulticlassClassification.Evaluate(b.Transform(split.TestSet)).MacroAccuracy); // expect: MLG2004
        Console.WriteLine(ml.MulticlassClassification.Evaluate(c.Transform(split.TestSet)).MacroAccuracy); // expect: MLG2004
    }
}
