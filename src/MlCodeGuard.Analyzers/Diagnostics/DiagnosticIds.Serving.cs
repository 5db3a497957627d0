namespace MlCodeGuard.Analyzers.Diagnostics;

public static partial class DiagnosticIds
{
    // MLG4xxx: serving, lifetime and cost.
    public const string SharedPredictionEngine = "MLG4001";
    public const string PredictionEnginePerCall = "MLG4002";
    public const string PredictionEngineLifetime = "MLG4003";
    public const string ModelSavedWithoutInputSchema = "MLG4004";
    public const string MissingCacheBeforeMultiPassTrainer = "MLG4005";
    public const string MissingNormalizationForLinearTrainer = "MLG4006";
}
