using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Loan { [LoadColumn(0)] public float Income { get; set; } [LoadColumn(1)] public string Purpose { get; set; } = ""; [LoadColumn(2)] public bool Label { get; set; } }

public static class LoanCv
{
    public static double Run(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("PurposeEncoded", nameof(Loan.Purpose))
            .Append(ml.Transforms.Concatenate("Features", "PurposeEncoded", nameof(Loan.Income)))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var results = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 1);
        return results.Average(r => r.Metrics.AreaUnderRocCurve);
    }
}
