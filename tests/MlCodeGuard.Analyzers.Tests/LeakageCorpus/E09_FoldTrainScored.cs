using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Claim { [LoadColumn(0)] public float Amount { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public static class ClaimFolds
{
    public static void Run(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate("Features", "Amount").Append(ml.BinaryClassification.Trainers.FastTree());
        foreach (var fold in ml.Data.CrossValidationSplit(data, numberOfFolds: 4, seed: 1))
        {
            var model = pipeline.Fit(fold.TrainSet);
            Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(fold.TrainSet)).Accuracy); // expect: MLG2001
        }
    }
}
