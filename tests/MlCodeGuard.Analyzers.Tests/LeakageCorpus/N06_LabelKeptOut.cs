using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Taxi { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Passengers { get; set; } [LoadColumn(2)] public float FareAmount { get; set; } }

public static class TaxiPipeline
{
    public static IEstimator<ITransformer> Build(MLContext ml)
        => ml.Transforms.CopyColumns("Label", nameof(Taxi.FareAmount))
            .Append(ml.Transforms.Concatenate("Features", nameof(Taxi.Distance), nameof(Taxi.Passengers)))
            .Append(ml.Transforms.Concatenate("Debug", "Label", "Features"))
            .Append(ml.Regression.Trainers.Sdca());

    public static IEstimator<ITransformer> OtherLabel(MLContext ml)
        => ml.Transforms.Concatenate("Features", "Label", "Distance")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Taxi.FareAmount)));
}
