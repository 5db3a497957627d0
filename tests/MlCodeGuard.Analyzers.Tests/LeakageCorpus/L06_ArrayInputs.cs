using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Patient { [LoadColumn(0)] public float Age { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class RiskModel
{
    public static void Train(MLContext ml, IDataView data)
    {
        var inputs = ml.Transforms.Concatenate("Features", new[] { "Age", "Label" }); // expect: MLG2005
        var first = inputs.Append(ml.Regression.Trainers.Sdca());
        var second = inputs.Append(ml.Regression.Trainers.FastTree());
        ml.Regression.CrossValidate(data, first, seed: 1);
        ml.Regression.CrossValidate(data, second, seed: 1);
    }
}
