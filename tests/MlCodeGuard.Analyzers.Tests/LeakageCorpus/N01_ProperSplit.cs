using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class House { [LoadColumn(0)] public float Size { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class HouseTraining
{
    public static double Run(string path)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromTextFile<House>(path, hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
        ml.Model.Save(model, data.Schema, "model.zip");
        return metrics.RSquared;
    }
}
