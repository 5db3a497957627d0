using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Spectrum { [LoadColumn(0, 99), VectorType(100)] public float[] Bands { get; set; } = new float[100]; [LoadColumn(100)] public float Label { get; set; } }

public static class Spectroscopy
{
    public static void Run(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Spectrum>(path);
        var pca = ml.Transforms.ProjectToPrincipalComponents("Features", nameof(Spectrum.Bands), rank: 10).Fit(data); // expect: MLG2002
        var reduced = pca.Transform(data);
        var split = ml.Data.TrainTestSplit(reduced, 0.2, seed: 1);
        var model = ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
        Console.WriteLine(ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared);
    }
}
