using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Label { get; set; } }

public static class TripPipeline
{
    public static IEstimator<ITransformer> Build(MLContext ml)
        => ml.Transforms.Concatenate("Features", nameof(Trip.Distance), nameof(Trip.Label)) // expect: MLG2005
            .Append(ml.Regression.Trainers.Sdca());
}
