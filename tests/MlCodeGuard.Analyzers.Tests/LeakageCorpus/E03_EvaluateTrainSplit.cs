using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Price { [LoadColumn(0)] public float Area { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class PriceModel
{
    public static double Train(MLContext ml, string path)
    {
        var all = ml.Data.LoadFromTextFile<Price>(path, separatorChar: ',');
        var parts = ml.Data.TrainTestSplit(all, testFraction: 0.25, seed: 4);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Price.Area)).Append(ml.Regression.Trainers.FastTree());
        var model = pipeline.Fit(parts.TrainSet);
        var scored = model.Transform(parts.TrainSet);
        return ml.Regression.Evaluate(scored).RSquared; // expect: MLG2001
    }
}
