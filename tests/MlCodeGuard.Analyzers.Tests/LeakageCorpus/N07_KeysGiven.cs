using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Hit { [LoadColumn(0)] public float Label { get; set; } [LoadColumn(1)] public uint GroupId { get; set; } [LoadColumn(2, 5), VectorType(4)] public float[] Features { get; set; } = new float[4]; }
public class Visit { [LoadColumn(0)] public string PatientId { get; set; } = ""; [LoadColumn(1)] public float Pressure { get; set; } [LoadColumn(2)] public bool Label { get; set; } }

public static class Keyed
{
    public static void Run(MLContext ml, string hits, string visits)
    {
        var ranked = ml.Data.LoadFromTextFile<Hit>(hits);
        var split = ml.Data.TrainTestSplit(ranked, 0.2, samplingKeyColumnName: nameof(Hit.GroupId), seed: 1);
        var model = ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
        Console.WriteLine(ml.Ranking.Evaluate(model.Transform(split.TestSet)).NormalizedDiscountedCumulativeGains[0]);
        ml.Ranking.CrossValidate(ranked, ml.Ranking.Trainers.FastTree(), numberOfFolds: 3, seed: 1);

        var byPatient = ml.Data.LoadFromTextFile<Visit>(visits);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Visit.Pressure)).Append(ml.BinaryClassification.Trainers.FastTree());
        ml.BinaryClassification.CrossValidate(byPatient, pipeline, samplingKeyColumnName: nameof(Visit.PatientId), seed: 1);
    }
}
