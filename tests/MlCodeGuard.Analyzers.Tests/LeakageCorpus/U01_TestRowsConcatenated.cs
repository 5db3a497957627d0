using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Churn
{
    [LoadColumn(0)] public float Tenure { get; set; }
    [LoadColumn(1)] public float MonthlyCharges { get; set; }
    [LoadColumn(2)] public bool Label { get; set; }
}

public static class ChurnRetraining
{
    // "Use every row we have" after the evaluation split: the test rows go back into training.
    public static void Retrain(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 11);

        var trainRows = ml.Data.CreateEnumerable<Churn>(split.TrainSet, reuseRowObject: false);
        var testRows = ml.Data.CreateEnumerable<Churn>(split.TestSet, reuseRowObject: false);
        var allRows = ml.Data.LoadFromEnumerable(trainRows.Concat(testRows));

        var pipeline = ml.Transforms.Concatenate("Features", nameof(Churn.Tenure), nameof(Churn.MonthlyCharges))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(allRows); // expect: MLG2003

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"F1: {metrics.F1Score:P2}");
    }
}
