using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Wine
{
    [LoadColumn(0)] public float Acidity { get; set; }
    [LoadColumn(1)] public float Sugar { get; set; }
    [LoadColumn(2)] public float Alcohol { get; set; }
    [LoadColumn(3)] public float Label { get; set; }
}

public static class WineQuality
{
    public static void Main()
    {
        var ml = new MLContext(seed: 42);
        var data = Load(ml, "winequality.csv");
        var split = Split(ml, data);
        var model = Train(ml, split.TrainSet);
        Report(ml, model, split.TestSet);

        // A second data set for a final check: another file, another load.
        var holdout = Load(ml, "winequality-holdout.csv");
        Report(ml, model, holdout);

        var (trainPart, validPart) = SplitTuple(ml, split.TrainSet);
        var candidate = Train(ml, trainPart);
        Report(ml, candidate, validPart);
    }

    private static IDataView Load(MLContext ml, string path)
        => ml.Data.LoadFromTextFile<Wine>(path, separatorChar: ';', hasHeader: true);

    private static DataOperationsCatalog.TrainTestData Split(MLContext ml, IDataView data)
        => ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 42);

    private static (IDataView, IDataView) SplitTuple(MLContext ml, IDataView data)
    {
        var parts = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 7);
        return (parts.TrainSet, parts.TestSet);
    }

    private static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Wine.Acidity), nameof(Wine.Sugar), nameof(Wine.Alcohol))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca());
        return pipeline.Fit(train);
    }

    private static void Report(MLContext ml, ITransformer model, IDataView data)
    {
        var metrics = ml.Regression.Evaluate(model.Transform(data));
        Console.WriteLine($"R2 {metrics.RSquared:F3}, RMSE {metrics.RootMeanSquaredError:F3}");
    }
}
