using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// ml#5563: ranking data split without the group column.
public class Hit { [LoadColumn(0)] public float Label { get; set; } [LoadColumn(1)] public uint GroupId { get; set; } [LoadColumn(2, 11), VectorType(10)] public float[] Features { get; set; } = new float[10]; }

public static class SearchRanking
{
    public static void Run(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Hit>(path, hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1); // expect: MLG2006
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(Hit.GroupId))
            .Append(ml.Ranking.Trainers.LightGbm());
        var model = pipeline.Fit(split.TrainSet);
        Console.WriteLine(ml.Ranking.Evaluate(model.Transform(split.TestSet)).NormalizedDiscountedCumulativeGains[2]);
    }
}
