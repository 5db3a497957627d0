using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Issue { [LoadColumn(0)] public string Area { get; set; } = ""; [LoadColumn(1)] public string Title { get; set; } = ""; }

public static class IssueLabeler
{
    public static IEstimator<ITransformer> Build(MLContext ml)
        => ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Area))
            .Append(ml.Transforms.Text.FeaturizeText("TitleFeatures", nameof(Issue.Title)))
            .Append(ml.Transforms.Categorical.OneHotEncoding("AreaEncoded", nameof(Issue.Area)))
            .Append(ml.Transforms.Concatenate("Features", "TitleFeatures", "AreaEncoded")) // expect: MLG2005
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
}
