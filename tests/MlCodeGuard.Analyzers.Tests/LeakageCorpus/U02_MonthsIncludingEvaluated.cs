using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class SensorReading
{
    [LoadColumn(0)] public float Temperature { get; set; }
    [LoadColumn(1)] public float Vibration { get; set; }
    [LoadColumn(2)] public float Label { get; set; }
}

public static class SensorModel
{
    public static void Train()
    {
        var ml = new MLContext(seed: 5);
        var loader = ml.Data.CreateTextLoader<SensorReading>(separatorChar: ',', hasHeader: true);

        // Train on all months, "validate" on March.
        var readings = loader.Load(new MultiFileSource("readings/jan.csv", "readings/feb.csv", "readings/mar.csv"));
        var pipeline = ml.Transforms.Concatenate("Features", nameof(SensorReading.Temperature), nameof(SensorReading.Vibration))
            .Append(ml.Regression.Trainers.FastForest());
        var model = pipeline.Fit(readings);

        var march = ml.Data.LoadFromTextFile<SensorReading>("readings/mar.csv", separatorChar: ',', hasHeader: true);
        var metrics = ml.Regression.Evaluate(model.Transform(march)); // expect: MLG2001
        Console.WriteLine(metrics.MeanAbsoluteError);
    }
}
