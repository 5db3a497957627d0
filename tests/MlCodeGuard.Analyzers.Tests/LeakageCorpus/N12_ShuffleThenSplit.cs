using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Row { [LoadColumn(0)] public float X { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public static class Shuffled
{
    public static void Run(MLContext ml, string path)
    {
        var data = ml.Data.Cache(ml.Data.ShuffleRows(ml.Data.LoadFromTextFile<Row>(path), seed: 1));
        var filtered = ml.Data.FilterRowsByMissingValues(data, "X");
        var split = ml.Data.TrainTestSplit(filtered, 0.2, seed: 1);
        var (train, test) = (split.TrainSet, split.TestSet);
        var model = ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(train);
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy);
    }
}
