using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

// ml#5567: the label as the sampling key.
public class Message { [LoadColumn(0)] public string Text { get; set; } = ""; [LoadColumn(1)] public bool Label { get; set; } }

public static class SpamCv
{
    public static void Run(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(Message.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var results = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5,
            samplingKeyColumnName: nameof(Message.Label), seed: 1); // expect: MLG2006
        Console.WriteLine(results.Count);
    }
}
