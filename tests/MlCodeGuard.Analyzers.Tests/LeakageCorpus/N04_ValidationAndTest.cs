using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Fraud { [LoadColumn(0)] public float Amount { get; set; } [LoadColumn(1)] public float Hour { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class FraudTraining
{
    public static void Run(MLContext ml, IDataView data)
    {
        var holdout = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var validation = ml.Data.TrainTestSplit(holdout.TrainSet, 0.1, seed: 1);
        var featurizer = ml.Transforms.Concatenate("Features", nameof(Fraud.Amount), nameof(Fraud.Hour)).Fit(holdout.TrainSet);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { EarlyStoppingRound = 20 });
        var model = trainer.Fit(featurizer.Transform(validation.TrainSet), featurizer.Transform(validation.TestSet));
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(featurizer.Transform(holdout.TestSet)));
        Console.WriteLine(metrics.AreaUnderPrecisionRecallCurve);
    }
}
