using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Issue { [LoadColumn(0)] public string Title { get; set; } = ""; [LoadColumn(1)] public string Label { get; set; } = ""; }
public class IssuePrediction { [ColumnName("PredictedLabel")] public string Area { get; set; } = ""; }

public static class Labeler
{
    public static string Predict(MLContext ml, IDataView train, IDataView test, string title)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Issue.Title)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);
        Console.WriteLine(ml.MulticlassClassification.Evaluate(model.Transform(test)).LogLoss);
        var engine = ml.Model.CreatePredictionEngine<Issue, IssuePrediction>(model);
        return engine.Predict(new Issue { Title = title }).Area;
    }
}
