using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Grade { [LoadColumn(0)] public float Hours { get; set; } [LoadColumn(1)] public float Score { get; set; } }

public static class GradeModel
{
    public static void Run(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, "Score", 1); // expect: MLG2006
        var model = ml.Transforms.Concatenate("Features", "Hours")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Score"))
            .Fit(split.TrainSet);
        Console.WriteLine(ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: "Score").RSquared);
    }
}
