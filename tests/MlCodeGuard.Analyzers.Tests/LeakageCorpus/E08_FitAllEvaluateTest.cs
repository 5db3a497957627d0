using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Energy { [LoadColumn(0)] public float Temperature { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class EnergyForecast
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 5);
        var pipeline = ml.Transforms.Concatenate("Features", "Temperature").Append(ml.Regression.Trainers.LightGbm());
        // Refit "on everything" before reporting the test score.
        var model = pipeline.Fit(data);
        Console.WriteLine(ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared); // expect: MLG2001
    }
}
