using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Row { [LoadColumn(0)] public float X { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class Helpers
{
    public static ITransformer Fit(MLContext ml, IDataView train)
        => ml.Transforms.Concatenate("Features", "X").Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.Regression.Trainers.Sdca()).Fit(train);

    public static double Score(MLContext ml, ITransformer model, IDataView test)
        => ml.Regression.Evaluate(model.Transform(test)).RSquared;

    public static double Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        return Score(ml, Fit(ml, split.TrainSet), split.TestSet);
    }
}
