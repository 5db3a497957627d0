using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Rating { [LoadColumn(0)] public float Stars { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public sealed class Scoring
{
    private IDataView _latest = null!;

    public void Score(MLContext ml, string modelPath, IDataView incoming, bool refresh)
    {
        var model = ml.Model.Load(modelPath, out _);
        Console.WriteLine(ml.Regression.Evaluate(model.Transform(incoming)).RootMeanSquaredError);

        var retrained = ml.Regression.Trainers.Sdca().Fit(_latest);
        Console.WriteLine(ml.Regression.Evaluate(retrained.Transform(_latest)).RSquared);

        var rows = incoming;
        if (refresh)
        {
            rows = _latest;
        }

        var head = ml.Regression.Trainers.Sdca().Fit(ml.Data.TakeRows(rows, 1000));
        Console.WriteLine(ml.Regression.Evaluate(head.Transform(ml.Data.SkipRows(rows, 1000))).RSquared);
    }
}
