namespace MlCodeGuard.Cli;

/// <summary>The process exit codes of mlguard.</summary>
public static class ExitCodes
{
    /// <summary>Nothing at or above the severity threshold (or help/version was printed).</summary>
    public const int Clean = 0;

    /// <summary>At least one diagnostic at or above the threshold, or an analyzer failure (AD0001).</summary>
    public const int DiagnosticsFound = 1;

    /// <summary>Bad usage, or a target that cannot be resolved, restored or loaded. Nothing is written to --output.</summary>
    public const int UsageOrLoadError = 2;
}
