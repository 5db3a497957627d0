using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Visit { [LoadColumn(0)] public string PatientId { get; set; } = ""; [LoadColumn(1)] public float Pressure { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class Readmission
{
    public static void Run(MLContext ml, string path)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(path, hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(visits, 0.2, seed: 1); // expect: MLG2006
        var model = ml.Transforms.Concatenate("Features", nameof(Visit.Pressure))
            .Append(ml.BinaryClassification.Trainers.FastTree())
            .Fit(split.TrainSet);
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve);
    }
}
