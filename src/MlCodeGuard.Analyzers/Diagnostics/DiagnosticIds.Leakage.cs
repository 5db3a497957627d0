namespace MlCodeGuard.Analyzers.Diagnostics;

public static partial class DiagnosticIds
{
    // MLG2xxx: data leakage.
    public const string EvaluateOnTrainingData = "MLG2001";
    public const string PreprocessingFitBeforeSplit = "MLG2002";
    public const string TestDataInTraining = "MLG2003";
    public const string TestSetReused = "MLG2004";
    public const string LabelInFeatures = "MLG2005";
    public const string SplitWithoutSamplingKey = "MLG2006";
}
