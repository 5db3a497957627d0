using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Engine;

/// <summary>Loads a solution, project or loose folder and runs the MlCodeGuard analyzers over it.</summary>
public static class AnalysisEngine
{
    /// <summary>Analyzes the target of <paramref name="request"/>.</summary>
    /// <param name="request">What to analyze and how.</param>
    /// <param name="cancellationToken">Cancels loading and analysis.</param>
    /// <returns>The diagnostics, rules and counts.</returns>
    /// <exception cref="AnalysisLoadException">The target cannot be resolved, restored or loaded.</exception>
    public static async Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var log = request.Log ?? (_ => { });
        var target = AnalysisTarget.Resolve(request.Path);
        var analyzers = request.Analyzers.IsDefaultOrEmpty ? AnalyzerCatalog.All : request.Analyzers;

        if (target.Kind == TargetKind.Loose)
        {
            var nested = Directory.EnumerateFiles(target.Root, "*.csproj", SearchOption.AllDirectories).Take(2).Count();
            if (nested > 0)
            {
                log($"note: '{request.Path}' has no project file at its top but has some below it; analyzing its .cs files in loose mode (pass a .csproj or .sln to use project settings)");
            }

            using var loose = LooseProjectBuilder.Build(target);
            return await AnalyzeProjectsAsync(target, loose.Projects, analyzers, request.MinimumSeverity, cancellationToken).ConfigureAwait(false);
        }

        MSBuildHost.EnsureRegistered();
        await RestoreCheck.EnsureRestoredAsync(target, request.Restore, log, cancellationToken).ConfigureAwait(false);
        using var loaded = await LoadWithMSBuildAsync(target, log, cancellationToken).ConfigureAwait(false);
        return await AnalyzeProjectsAsync(target, loaded.Projects, analyzers, request.MinimumSeverity, cancellationToken).ConfigureAwait(false);
    }

    // Kept out of line so that AnalyzeAsync, which registers MSBuild, never references a type that loads Microsoft.Build.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<LoadedProjects> LoadWithMSBuildAsync(AnalysisTarget target, Action<string> log, CancellationToken cancellationToken)
        => MSBuildProjectLoader.LoadAsync(target, log, cancellationToken);

    private static async Task<AnalysisResult> AnalyzeProjectsAsync(
        AnalysisTarget target,
        ImmutableArray<Project> projects,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        DiagnosticSeverity minimumSeverity,
        CancellationToken cancellationToken)
    {
        var diagnostics = new Dictionary<(string Id, string? Path, int Start, int Length, string Message), ReportedDiagnostic>();
        var failures = new Dictionary<string, AnalyzerFailure>(StringComparer.Ordinal);
        var rules = AnalyzerCatalog.Rules(analyzers).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var compileErrors = 0;

        foreach (var project in projects)
        {
            var analysis = await AnalyzerRunner.RunAsync(project, analyzers, cancellationToken).ConfigureAwait(false);
            compileErrors += analysis.CompileErrorCount;
            foreach (var failure in analysis.Failures)
            {
                failures.TryAdd(failure.Message, failure);
            }

            foreach (var diagnostic in analysis.Diagnostics.Where(d => d.Severity >= minimumSeverity))
            {
                // A multi-targeted project is loaded once per framework; the same finding is reported once.
                var reported = DiagnosticMapper.Map(diagnostic, target.Root, rules);
                var key = (reported.Id, reported.FilePath, diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length, reported.Message);
                diagnostics.TryAdd(key, reported);
            }
        }

        var sorted = diagnostics.Values
            .OrderBy(d => d.RelativePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.StartLine)
            .ThenBy(d => d.StartColumn)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();

        var projectCount = projects.Select(p => p.FilePath ?? p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var fileCount = projects.SelectMany(p => p.Documents)
            .Select(d => d.FilePath)
            .Where(p => p is not null && !IsGenerated(p))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Count();

        return new AnalysisResult(
            target,
            sorted,
            [.. rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal)],
            [.. failures.Values.OrderBy(f => f.Message, StringComparer.Ordinal)],
            projectCount,
            fileCount,
            compileErrors);
    }

    private static bool IsGenerated(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}obj{separator}", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(LooseProjectBuilder.ImplicitUsingsPath, StringComparison.Ordinal);
    }
}
