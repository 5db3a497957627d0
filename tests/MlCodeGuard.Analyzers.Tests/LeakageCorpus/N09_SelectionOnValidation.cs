using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Bike { [LoadColumn(0)] public float Hour { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class BikeDemand
{
    public static double Pick(MLContext ml, IDataView data)
    {
        var outer = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.25, seed: 1);
        var features = ml.Transforms.Concatenate("Features", nameof(Bike.Hour));
        var linear = features.Append(ml.Regression.Trainers.Sdca()).Fit(inner.TrainSet);
        var trees = features.Append(ml.Regression.Trainers.FastTree()).Fit(inner.TrainSet);
        var useTrees = ml.Regression.Evaluate(trees.Transform(inner.TestSet)).RSquared > ml.Regression.Evaluate(linear.Transform(inner.TestSet)).RSquared;
        IEstimator<ITransformer> chosen = useTrees ? features.Append(ml.Regression.Trainers.FastTree()) : features.Append(ml.Regression.Trainers.Sdca());
        var final = chosen.Fit(outer.TrainSet);
        return ml.Regression.Evaluate(final.Transform(outer.TestSet)).RSquared;
    }
}
