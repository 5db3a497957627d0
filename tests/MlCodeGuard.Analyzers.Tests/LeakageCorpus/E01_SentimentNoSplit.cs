using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// ml#737: 100% accuracy, evaluated on the training file.
public class Review { [LoadColumn(0)] public bool Label { get; set; } [LoadColumn(1)] public string Text { get; set; } = ""; }

public static class SentimentApp
{
    public static double Run(string path)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromTextFile<Review>(path, hasHeader: true);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data)); // expect: MLG2001
        return metrics.Accuracy;
    }
}
