using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Digit { [LoadColumn(0, 63), VectorType(64)] public float[] Features { get; set; } = new float[64]; [LoadColumn(64)] public string Label { get; set; } = ""; }

public static class DigitTraining
{
    public static void Run(MLContext ml, string trainPath, string testPath)
    {
        var train = ml.Data.LoadFromTextFile<Digit>(trainPath, separatorChar: ',');
        var test = ml.Data.LoadFromTextFile<Digit>(testPath, separatorChar: ',');
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Fit(train);
        Console.WriteLine(ml.MulticlassClassification.Evaluate(model.Transform(test)).MacroAccuracy);
    }
}
