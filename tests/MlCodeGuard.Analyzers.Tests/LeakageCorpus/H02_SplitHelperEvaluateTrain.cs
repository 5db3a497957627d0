using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Review
{
    [LoadColumn(0)] public string Text { get; set; } = "";
    [LoadColumn(1), ColumnName("Label")] public bool Positive { get; set; }
}

public class SentimentTrainer
{
    private readonly MLContext _ml = new(seed: 1);

    public double Run(string path)
    {
        var data = _ml.Data.LoadFromTextFile<Review>(path, hasHeader: true);
        var (train, test) = SplitData(data);
        var model = Train(train);

        // Reports the accuracy on the rows the model has seen.
        var scored = model.Transform(train);
        var metrics = _ml.BinaryClassification.Evaluate(scored); // expect: MLG2001
        return metrics.Accuracy;
    }

    private (IDataView Train, IDataView Test) SplitData(IDataView data)
    {
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        return (split.TrainSet, split.TestSet);
    }

    private ITransformer Train(IDataView trainSet)
    {
        var estimator = _ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        return estimator.Fit(trainSet);
    }
}
