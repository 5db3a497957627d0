using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// ml#6595: preprocessing fitted on all rows, then split.
public class Cell { [LoadColumn(0)] public float Radius { get; set; } [LoadColumn(1)] public float Texture { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class Diagnosis
{
    public static void Run(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Cell>(path, hasHeader: true, separatorChar: ',');
        var prep = ml.Transforms.Concatenate("Features", nameof(Cell.Radius), nameof(Cell.Texture))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var prepModel = prep.Fit(data); // expect: MLG2002
        var prepared = prepModel.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).Accuracy);
    }
}
