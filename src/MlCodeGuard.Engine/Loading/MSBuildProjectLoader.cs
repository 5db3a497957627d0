using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace MlCodeGuard.Engine;

/// <summary>
/// Loads a solution or project with <see cref="MSBuildWorkspace"/>. Only reached after
/// <see cref="MSBuildHost.EnsureRegistered"/> has run in a method that does not mention this type.
/// </summary>
internal static class MSBuildProjectLoader
{
    public static async Task<LoadedProjects> LoadAsync(AnalysisTarget target, Action<string> log, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        using var registration = workspace.RegisterWorkspaceFailedHandler(e =>
        {
            var message = OneLine(e.Diagnostic.Message);
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(message);
                }
            }
            else
            {
                log("warning: " + message);
            }
        });

        try
        {
            ImmutableArray<Project> projects;
            if (target.Kind == TargetKind.Solution)
            {
                var solution = await workspace.OpenSolutionAsync(target.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
                projects = [.. solution.Projects];
            }
            else
            {
                // Referenced projects load too (their compilations feed this one) but are not analyzed themselves.
                var project = await workspace.OpenProjectAsync(target.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
                projects = [.. project.Solution.Projects.Where(p => string.Equals(p.FilePath, project.FilePath, StringComparison.OrdinalIgnoreCase))];
            }

            if (failures.Count > 0)
            {
                var first = failures[0];
                var hint = first.Contains("project.assets.json", StringComparison.OrdinalIgnoreCase) || first.Contains("NETSDK1004", StringComparison.Ordinal)
                    ? " (run dotnet restore first)"
                    : string.Empty;
                var more = failures.Count > 1 ? $" (and {failures.Count - 1} more load failure(s))" : string.Empty;
                throw new AnalysisLoadException($"MSBuild could not load '{target.Path}': {first}{hint}{more}");
            }

            var csharp = projects.Where(p => p.Language == LanguageNames.CSharp).ToImmutableArray();
            foreach (var skipped in projects.Where(p => p.Language != LanguageNames.CSharp))
            {
                log($"skipping {skipped.Name}: only C# projects are analyzed ({skipped.Language})");
            }

            if (csharp.IsEmpty)
            {
                throw new AnalysisLoadException($"'{target.Path}' contains no C# project");
            }

            return new LoadedProjects(workspace, csharp);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // MSBuild task crashes carry whole stack traces; the first frames say nothing to a user.
        var stack = line.IndexOf(" at Microsoft.", StringComparison.Ordinal);
        if (stack > 0)
        {
            line = line[..stack];
        }

        return line.Length > 400 ? line[..400] + "..." : line;
    }
}

/// <summary>The projects to analyze and the workspace that owns them (disposed with this object).</summary>
internal sealed class LoadedProjects(Workspace workspace, ImmutableArray<Project> projects) : IDisposable
{
    public ImmutableArray<Project> Projects { get; } = projects;

    public void Dispose() => workspace.Dispose();
}
