using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Flight { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Delay { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class Delays
{
    public static void Run(MLContext ml, IDataView data)
    {
        var featurized = ml.Transforms.Concatenate("Features", nameof(Flight.Distance), nameof(Flight.Delay));
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var features = featurized.Fit(split.TrainSet);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { EarlyStoppingRound = 25 });
        var model = trainer.Fit(features.Transform(split.TrainSet), features.Transform(split.TestSet)); // expect: MLG2003
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(features.Transform(split.TestSet))).AreaUnderRocCurve);
    }
}
