using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Packet { [LoadColumn(0)] public float Size { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

public static class Intrusion
{
    public static void Run(MLContext ml, IDataView featurized)
    {
        foreach (var fold in ml.Data.CrossValidationSplit(featurized, numberOfFolds: 5, seed: 1))
        {
            var model = ml.BinaryClassification.Trainers.FastTree().Fit(fold.TrainSet, fold.TestSet); // expect: MLG2003
            Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(fold.TestSet)).Accuracy);
        }
    }
}
