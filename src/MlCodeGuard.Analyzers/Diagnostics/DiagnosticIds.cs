namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>The rule IDs. An ID, once given, never changes meaning (see docs/rules).</summary>
public static class DiagnosticIds
{
    public const string UnseededMLContext = "MLG1001";
    public const string UnseededSplitOrShuffle = "MLG1002";
    public const string NondeterministicTrainerUnderSeed = "MLG1003";
}
