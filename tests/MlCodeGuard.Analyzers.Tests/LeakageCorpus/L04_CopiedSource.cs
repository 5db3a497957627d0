using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Taxi { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float FareAmount { get; set; } }

public static class TaxiPipeline
{
    public static ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.CopyColumns("Label", nameof(Taxi.FareAmount))
            .Append(ml.Transforms.Concatenate("Features", nameof(Taxi.Distance), nameof(Taxi.FareAmount))) // expect: MLG2005
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca());
        return pipeline.Fit(data);
    }
}
