using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Wine { [LoadColumn(0)] public float Acidity { get; set; } [LoadColumn(1)] public float Sugar { get; set; } [LoadColumn(2)] public float Label { get; set; } }

public static class WineImportance
{
    public static void Explain(MLContext ml, IDataView wine)
    {
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Wine.Acidity), nameof(Wine.Sugar))
            .Append(ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(wine);
        var transformed = model.Transform(wine);
        var pfi = ml.Regression.PermutationFeatureImportance(model.LastTransformer, transformed, permutationCount: 5); // expect: MLG2001
        Console.WriteLine(pfi.Length);
    }
}
