using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Home { [LoadColumn(0)] public float Rooms { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class Homes
{
    public static void Run(MLContext ml, IDataView prepared)
    {
        var split = ml.Data.TrainTestSplit(prepared, 0.15, seed: 11);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { EarlyStoppingRule = new GeneralityLossRule() });
        var model = trainer.Fit(split.TrainSet, split.TestSet); // expect: MLG2003
        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine(metrics.RSquared);
    }
}
