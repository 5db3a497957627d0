using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Corpus.Ranking;

public class HotelResult
{
    [LoadColumn(0)] public float Label { get; set; }
    [LoadColumn(1)] public uint GroupId { get; set; }
    [LoadColumn(2, 9), VectorType(8)] public float[] Features { get; set; } = new float[8];
}

public class ClickRow
{
    [LoadColumn(0)] public string UserId { get; set; } = "";
    [LoadColumn(1)] public float Position { get; set; }
    [LoadColumn(2)] public float Dwell { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromTextFile<HotelResult>(args[0], hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(HotelResult.GroupId))
            .Append(ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options { NumberOfIterations = 50 }));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Ranking.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine(metrics.NormalizedDiscountedCumulativeGains.LastOrDefault());

        var clicks = ml.Data.LoadFromTextFile<ClickRow>(args[1], hasHeader: true, separatorChar: ',');
        var clickPipeline = ml.Transforms.Concatenate("Features", nameof(ClickRow.Position), nameof(ClickRow.Dwell), nameof(ClickRow.Label))
            .Append(ml.BinaryClassification.Trainers.FastTree());
        var results = ml.BinaryClassification.CrossValidate(clicks, clickPipeline, numberOfFolds: 5, samplingKeyColumnName: nameof(ClickRow.Label));
        Console.WriteLine(results.Average(r => r.Metrics.AreaUnderRocCurve));
        foreach (var fold in ml.Data.CrossValidationSplit(clicks, numberOfFolds: 3))
        {
            var foldModel = clickPipeline.Fit(fold.TrainSet);
            Console.WriteLine(ml.BinaryClassification.Evaluate(foldModel.Transform(fold.TrainSet)).Accuracy);
        }
    }
}
