using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Bike { [LoadColumn(0)] public float Hour { get; set; } [LoadColumn(1)] public float Temp { get; set; } [LoadColumn(2)] public float Label { get; set; } }

public static class BikeDemand
{
    public static ITransformer Pick(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var features = ml.Transforms.Concatenate("Features", nameof(Bike.Hour), nameof(Bike.Temp));
        var linear = features.Append(ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
        var trees = features.Append(ml.Regression.Trainers.FastTree()).Fit(split.TrainSet);
        var linearScore = ml.Regression.Evaluate(linear.Transform(split.TestSet)).RSquared;
        var treeScore = ml.Regression.Evaluate(trees.Transform(split.TestSet)).RSquared; // expect: MLG2004
        return linearScore > treeScore ? linear : trees;
    }
}
