using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Default { [LoadColumn(0)] public float Balance { get; set; } [LoadColumn(1)] public bool Defaulted { get; set; } }

public static class DefaultPipeline
{
    public static IEstimator<ITransformer> Build(MLContext ml)
    {
        var options = new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = "Defaulted", L2Regularization = 0.1f };
        return ml.Transforms.Conversion.ConvertType("DefaultedFloat", "Defaulted", DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", "Balance", "DefaultedFloat")) // expect: MLG2005
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options));
    }
}
