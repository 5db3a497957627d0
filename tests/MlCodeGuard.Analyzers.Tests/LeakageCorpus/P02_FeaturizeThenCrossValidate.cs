using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// ml#7164: featurization fitted once on the whole set, then cross-validated.
public class Post { [LoadColumn(0)] public string Body { get; set; } = ""; [LoadColumn(1)] public bool Label { get; set; } }

public static class Moderation
{
    public static double Run(MLContext ml, IDataView data)
    {
        var featurized = ml.Transforms.Text.FeaturizeText("Features", nameof(Post.Body))
            .Fit(data) // expect: MLG2002
            .Transform(data);
        var results = ml.BinaryClassification.CrossValidate(featurized, ml.BinaryClassification.Trainers.SdcaLogisticRegression(), seed: 1);
        return results.Average(r => r.Metrics.F1Score);
    }
}
