using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Corpus.Housing;

public class HouseRow
{
    [LoadColumn(0)] public float Size { get; set; }
    [LoadColumn(1)] public float Rooms { get; set; }
    [LoadColumn(2)] public string Zone { get; set; } = "";
    [LoadColumn(3)] public float Price { get; set; }
    [LoadColumn(4, 6)] public float[] History { get; set; } = new float[3];
    public bool Sold { get; set; }
}

public class HousePrediction
{
    public float Score { get; set; }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromTextFile<HouseRow>(args[0], hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        IEstimator<ITransformer> pipeline = ml.Transforms.Categorical.OneHotEncoding("ZoneEncoded", nameof(HouseRow.Zone))
            .Append(ml.Transforms.Concatenate("Features", "ZoneEncoded", "Sizee", nameof(HouseRow.Rooms), "History"))
            .Append(ml.Transforms.NormalizeMinMax("Features"));
        pipeline.Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(HouseRow.Price)));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: "Prise");
        Console.WriteLine(metrics.RSquared);

        var inMemory = ml.Data.LoadFromEnumerable(new[] { new HouseRow { Size = 1, Rooms = 2, Zone = "a", Price = 3 } });
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Zone")
            .Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var classifier = keyed.Fit(inMemory);
        using var engine = ml.Model.CreatePredictionEngine<HouseRow, HousePrediction>(model);
    }
}
