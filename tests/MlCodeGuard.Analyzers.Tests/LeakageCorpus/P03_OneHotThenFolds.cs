using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Car { [LoadColumn(0)] public string Make { get; set; } = ""; [LoadColumn(1)] public float Mileage { get; set; } [LoadColumn(2)] public float Label { get; set; } }

public static class CarPrices
{
    public static void Run(MLContext ml, IDataView cars)
    {
        var encoder = ml.Transforms.Categorical.OneHotEncoding("MakeEncoded", nameof(Car.Make))
            .Append(ml.Transforms.Concatenate("Features", "MakeEncoded", nameof(Car.Mileage)));
        var encoded = encoder.Fit(cars).Transform(cars); // expect: MLG2002
        foreach (var fold in ml.Data.CrossValidationSplit(encoded, numberOfFolds: 3, seed: 1))
        {
            var model = ml.Regression.Trainers.FastTree().Fit(fold.TrainSet);
            Console.WriteLine(ml.Regression.Evaluate(model.Transform(fold.TestSet)).RSquared);
        }
    }
}
