namespace MlCodeGuard.Analyzers.Diagnostics;

public static partial class DiagnosticIds
{
    // MLG3xxx: schema and pipeline shape.
    public const string ColumnNotFound = "MLG3001";
    public const string LabelTypeMismatch = "MLG3002";
    public const string FeatureItemTypeMismatch = "MLG3003";
    public const string MulticlassLabelNotKey = "MLG3004";
    public const string NonNumericFeatureNotEncoded = "MLG3005";
    public const string VariableLengthVectorFeature = "MLG3006";
    public const string OutputClassBindingMismatch = "MLG3007";
    public const string PredictedLabelNotMappedBack = "MLG3008";
    public const string LoadColumnInvalid = "MLG3009";
    public const string UncalibratedBinaryEvaluate = "MLG3010";
    public const string EvaluateOnUnscoredData = "MLG3011";
    public const string AppendResultDiscarded = "MLG3012";
}
