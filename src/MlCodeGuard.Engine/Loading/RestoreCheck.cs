using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MlCodeGuard.Engine;

/// <summary>
/// Finds projects that were never restored and restores them. An unrestored project loads without its package
/// references, so ML.NET types do not bind and every rule silently stays quiet: that must not look like a clean run.
/// </summary>
internal static partial class RestoreCheck
{
    public static async Task EnsureRestoredAsync(AnalysisTarget target, bool restore, Action<string> log, CancellationToken cancellationToken)
    {
        var missing = ProjectFiles(target).Where(p => File.Exists(p) && !IsRestored(p)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", missing.Select(Path.GetFileName));
        if (!restore)
        {
            throw new AnalysisLoadException($"{names} has not been restored (no obj/project.assets.json): run dotnet restore first");
        }

        log($"{names} has not been restored; running 'dotnet restore {Path.GetFileName(target.Path)}' (pass --no-restore to skip)");
        await RunRestoreAsync(target.Path, cancellationToken).ConfigureAwait(false);

        var stillMissing = missing.Where(p => !IsRestored(p)).ToList();
        if (stillMissing.Count > 0)
        {
            // A project with a custom intermediate folder keeps its assets elsewhere; MSBuild reports it if it is missing.
            log($"no obj/project.assets.json after restore for {string.Join(", ", stillMissing.Select(Path.GetFileName))}; continuing");
        }
    }

    /// <summary>The C# projects a target names: itself, or the ones listed in the solution.</summary>
    public static IEnumerable<string> ProjectFiles(AnalysisTarget target) => target.Kind switch
    {
        TargetKind.Project => [target.Path],
        TargetKind.Solution when target.Path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) => SlnxProjects(target.Path),
        TargetKind.Solution => SlnProjects(target.Path),
        _ => [],
    };

    private static bool IsRestored(string projectPath)
        => File.Exists(Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "project.assets.json"));

    private static IEnumerable<string> SlnProjects(string solutionPath)
    {
        var folder = Path.GetDirectoryName(solutionPath)!;
        foreach (var line in File.ReadLines(solutionPath))
        {
            var match = SlnProjectLine().Match(line);
            if (match.Success)
            {
                yield return Path.GetFullPath(Path.Combine(folder, match.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)));
            }
        }
    }

    private static IEnumerable<string> SlnxProjects(string solutionPath)
    {
        var folder = Path.GetDirectoryName(solutionPath)!;
        XDocument document;
        try
        {
            document = XDocument.Load(solutionPath);
        }
        catch (System.Xml.XmlException e)
        {
            throw new AnalysisLoadException($"'{solutionPath}' is not a valid .slnx file: {e.Message}", e);
        }

        return document.Descendants()
            .Where(e => e.Name.LocalName == "Project")
            .Select(e => (string?)e.Attribute("Path"))
            .Where(p => p is not null && p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(folder, p!.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    private static async Task RunRestoreAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(MSBuildHost.DotnetExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        start.ArgumentList.Add("restore");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("--nologo");

        // MSBuildLocator points these at the SDK it registered; a child dotnet finds its own.
        foreach (var name in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath" })
        {
            start.Environment.Remove(name);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AnalysisLoadException($"could not start '{start.FileName}' to restore '{path}': {e.Message}; run dotnet restore first", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            var firstError = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                ?? "no error text";
            throw new AnalysisLoadException($"dotnet restore failed for '{path}' (exit code {process.ExitCode}): {firstError}");
        }
    }

    [GeneratedRegex("""^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*"\s*,\s*"([^"]+\.csproj)"\s*,""", RegexOptions.IgnoreCase)]
    private static partial Regex SlnProjectLine();
}
