using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Sale { [LoadColumn(0)] public float Visits { get; set; } [LoadColumn(1)] public float Revenue { get; set; } }

public static class SalePipeline
{
    public static ITransformer Train(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate("Features",
            nameof(Sale.Visits),
            nameof(Sale.Revenue)); // expect: MLG2005
        var trainer = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Sale.Revenue));
        return features.Append(trainer).Fit(data);
    }
}
