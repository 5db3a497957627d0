using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Ticket { [LoadColumn(0)] public string Title { get; set; } = ""; [LoadColumn(1)] public bool Label { get; set; } }

public static class TicketTriage
{
    public static void Run(MLContext ml, string path)
    {
        IDataView data = ml.Data.LoadFromTextFile<Ticket>(path, hasHeader: true);
        data = ml.Data.ShuffleRows(data, seed: 2);
        data = ml.Data.Cache(data);
        var estimator = ml.Transforms.Text.FeaturizeText("Features", "Title")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        ITransformer model = estimator.Fit(data);
        var (scoring, _) = (data, 0);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(scoring)); // expect: MLG2001
        Console.WriteLine(metrics.AreaUnderRocCurve);
    }
}
