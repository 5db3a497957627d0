using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Sensor { [LoadColumn(0)] public float Reading { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class SensorReport
{
    public static Func<double> Build(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Sensor>(path);
        var model = ml.Transforms.Concatenate("Features", "Reading").Append(ml.Regression.Trainers.OnlineGradientDescent()).Fit(data);
        return () => ml.Regression.Evaluate(model.Transform(data)).MeanAbsoluteError; // expect: MLG2001
    }
}
