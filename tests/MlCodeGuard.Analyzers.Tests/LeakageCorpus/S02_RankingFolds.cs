using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// smp#832: ranking sample that cross-validates with folds made row by row.
public class Hotel { [LoadColumn(0)] public float Label { get; set; } [LoadColumn(1)] public uint QueryKey { get; set; } [LoadColumn(2, 5), VectorType(4)] public float[] Features { get; set; } = new float[4]; }

public static class HotelRanking
{
    public static void Run(MLContext ml, IDataView data)
    {
        var folds = ml.Data.CrossValidationSplit(data, numberOfFolds: 5, seed: 3); // expect: MLG2006
        foreach (var fold in folds)
        {
            var model = ml.Ranking.Trainers.FastTree(rowGroupColumnName: "QueryKey").Fit(fold.TrainSet);
            Console.WriteLine(ml.Ranking.Evaluate(model.Transform(fold.TestSet), rowGroupColumnName: "QueryKey").DiscountedCumulativeGains[0]);
        }
    }
}
