namespace MlCodeGuard.Engine;

/// <summary>How a target path is loaded.</summary>
public enum TargetKind
{
    /// <summary>A .sln or .slnx file, loaded with MSBuild.</summary>
    Solution,

    /// <summary>A .csproj file, loaded with MSBuild.</summary>
    Project,

    /// <summary>A folder without a project file: its .cs files compiled together against the shipped references.</summary>
    Loose,
}

/// <summary>What <c>mlguard analyze PATH</c> resolved PATH to.</summary>
/// <param name="Kind">How the target is loaded.</param>
/// <param name="Path">The full path of the solution or project file, or of the folder in loose mode.</param>
/// <param name="Root">The folder reported paths are relative to (the folder of the file, or the folder itself).</param>
public sealed record AnalysisTarget(TargetKind Kind, string Path, string Root)
{
    /// <summary>
    /// Resolves a user-supplied path. A folder holding one solution (.sln/.slnx) loads it; else a folder holding one
    /// .csproj loads that; a folder with neither is analyzed in loose mode.
    /// </summary>
    /// <param name="path">A solution, a C# project or a folder, absolute or relative to the current directory.</param>
    /// <returns>The resolved target.</returns>
    /// <exception cref="AnalysisLoadException">The path does not exist, has an unsupported extension, or is ambiguous.</exception>
    public static AnalysisTarget Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new AnalysisLoadException("no path given");
        }

        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var extension = System.IO.Path.GetExtension(full).ToLowerInvariant();
            var folder = System.IO.Path.GetDirectoryName(full)!;
            return extension switch
            {
                ".sln" or ".slnx" => new AnalysisTarget(TargetKind.Solution, full, folder),
                ".csproj" => new AnalysisTarget(TargetKind.Project, full, folder),
                _ => throw new AnalysisLoadException($"'{path}' is not a .sln, .slnx or .csproj file, nor a folder"),
            };
        }

        if (!Directory.Exists(full))
        {
            throw new AnalysisLoadException($"'{path}' does not exist");
        }

        full = System.IO.Path.TrimEndingDirectorySeparator(full);
        var solutions = TopLevelFiles(full, "*.sln").Concat(TopLevelFiles(full, "*.slnx")).ToList();
        if (solutions.Count == 1)
        {
            return new AnalysisTarget(TargetKind.Solution, solutions[0], full);
        }

        if (solutions.Count > 1)
        {
            throw new AnalysisLoadException($"'{path}' holds several solutions ({NameList(solutions)}): name the one to analyze");
        }

        var projects = TopLevelFiles(full, "*.csproj");
        return projects.Count switch
        {
            1 => new AnalysisTarget(TargetKind.Project, projects[0], full),
            0 => new AnalysisTarget(TargetKind.Loose, full, full),
            _ => throw new AnalysisLoadException($"'{path}' holds several projects ({NameList(projects)}): name the one to analyze"),
        };
    }

    private static List<string> TopLevelFiles(string folder, string pattern)
        // The pattern "*.sln" also matches "x.slnx" on some platforms; keep exact extensions only.
        => Directory.EnumerateFiles(folder, pattern, SearchOption.TopDirectoryOnly)
            .Where(f => string.Equals(System.IO.Path.GetExtension(f), pattern[1..], StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string NameList(IEnumerable<string> files) => string.Join(", ", files.Select(System.IO.Path.GetFileName));
}
