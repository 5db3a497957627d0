using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Click { public string UserId { get; set; } = ""; public float Position { get; set; } public bool Label { get; set; } }

public static class ClickModel
{
    public static void Run(MLContext ml, List<Click> clicks)
    {
        var data = ml.Data.LoadFromEnumerable(clicks);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Click.Position))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var results = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 2); // expect: MLG2006
        Console.WriteLine(results.Average(r => r.Metrics.Accuracy));
    }
}
