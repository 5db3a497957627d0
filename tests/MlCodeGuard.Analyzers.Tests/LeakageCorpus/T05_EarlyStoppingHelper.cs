using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Flight
{
    [LoadColumn(0)] public float DepartureHour { get; set; }
    [LoadColumn(1)] public float Distance { get; set; }
    [LoadColumn(2)] public float CarrierDelay { get; set; }
    [LoadColumn(3)] public bool Label { get; set; }
}

public static class DelayModel
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 2024);
        var flights = ml.Data.LoadFromTextFile<Flight>(args[0], hasHeader: true, separatorChar: ',');
        var split = ml.Data.TrainTestSplit(flights, testFraction: 0.2, seed: 2024);

        var features = ml.Transforms.Concatenate("Features", nameof(Flight.DepartureHour), nameof(Flight.Distance), nameof(Flight.CarrierDelay))
            .Fit(split.TrainSet);
        var train = features.Transform(split.TrainSet);
        var test = features.Transform(split.TestSet);

        // Early stopping needs a validation set; the test set is "right there".
        var model = TrainBoosted(ml, train, test); // expect: MLG2003

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F4}");
    }

    private static ITransformer TrainBoosted(MLContext ml, IDataView train, IDataView validation)
    {
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 500,
            EarlyStoppingRound = 20,
        });
        return trainer.Fit(train, validation);
    }
}
