using System.Reflection;

namespace MlCodeGuard.Engine;

/// <summary>The name, version and home of the tool, as written into reports.</summary>
public static class ToolInfo
{
    /// <summary>The tool name written into SARIF and JSON reports.</summary>
    public const string Name = "MlCodeGuard";

    /// <summary>Where users learn about the tool.</summary>
    public const string InformationUri = "https://github.com/mlcodeguard/mlcodeguard";

    /// <summary>The informational version of the engine, e.g. "0.1.0+3f2c1ab" (build metadata included).</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    /// <summary>The version without build metadata, e.g. "0.1.0": a valid SemVer 2.0 string for SARIF's semanticVersion.</summary>
    public static string SemanticVersion { get; } = Version.Split('+')[0];
}
