namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>
/// The rule IDs, one partial file per ID range; the constant's name is the rule's name in the catalog. An ID, once
/// given, never changes meaning (see docs/rules).
/// </summary>
public static partial class DiagnosticIds
{
    // MLG1xxx: reproducibility. Other ranges live in DiagnosticIds.<Range>.cs.
    public const string UnseededMLContext = "MLG1001";
    public const string UnseededSplitOrShuffle = "MLG1002";
    public const string NondeterministicTrainerUnderSeed = "MLG1003";
}
