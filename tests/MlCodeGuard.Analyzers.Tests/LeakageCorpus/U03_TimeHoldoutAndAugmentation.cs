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
    public static void Train(List<SensorReading> synthetic)
    {
        var ml = new MLContext(seed: 5);
        var loader = ml.Data.CreateTextLoader<SensorReading>(separatorChar: ',', hasHeader: true);

        // Train on January and February, test on March: a time-based holdout.
        var history = loader.Load("readings/jan.csv", "readings/feb.csv");
        var march = loader.Load("readings/mar.csv");
        var pipeline = ml.Transforms.Concatenate("Features", nameof(SensorReading.Temperature), nameof(SensorReading.Vibration))
            .Append(ml.Regression.Trainers.FastForest());
        var model = pipeline.Fit(history);
        Console.WriteLine(ml.Regression.Evaluate(model.Transform(march)).MeanAbsoluteError);

        // Augment the train split with synthetic rows; the test split stays untouched.
        var split = ml.Data.TrainTestSplit(history, testFraction: 0.2, seed: 5);
        var augmented = ml.Data.LoadFromEnumerable(
            ml.Data.CreateEnumerable<SensorReading>(split.TrainSet, reuseRowObject: false).Concat(synthetic));
        var augmentedModel = pipeline.Fit(augmented);
        Console.WriteLine(ml.Regression.Evaluate(augmentedModel.Transform(split.TestSet)).MeanAbsoluteError);
    }
}
