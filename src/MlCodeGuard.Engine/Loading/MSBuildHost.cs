using Microsoft.Build.Locator;

namespace MlCodeGuard.Engine;

/// <summary>
/// Registers the user's .NET SDK MSBuild with <see cref="MSBuildLocator"/>. This must run before any workspace type
/// that touches Microsoft.Build is loaded, which is why this class mentions none of them.
/// </summary>
public static class MSBuildHost
{
    private static readonly object s_gate = new();
    private static string? s_msbuildPath;

    /// <summary>Registers the default SDK once per process; later calls do nothing.</summary>
    /// <exception cref="AnalysisLoadException">No .NET SDK was found.</exception>
    public static void EnsureRegistered()
    {
        lock (s_gate)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }

            try
            {
                s_msbuildPath = MSBuildLocator.RegisterDefaults().MSBuildPath;
            }
            catch (InvalidOperationException e)
            {
                throw new AnalysisLoadException("no .NET SDK found to load projects with (install the .NET SDK, or analyze a folder in loose mode): " + e.Message, e);
            }
        }
    }

    /// <summary>
    /// The dotnet executable of the registered SDK (so restore uses the same SDK that loads the projects), else the
    /// one DOTNET_HOST_PATH names, else "dotnet" from PATH.
    /// </summary>
    public static string DotnetExecutable
    {
        get
        {
            var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
            if (s_msbuildPath is not null)
            {
                // MSBuildPath is <dotnet root>/sdk/<version>/.
                var candidate = Path.GetFullPath(Path.Combine(s_msbuildPath, "..", "..", name));
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(hostPath) && File.Exists(hostPath) ? hostPath : "dotnet";
        }
    }
}
