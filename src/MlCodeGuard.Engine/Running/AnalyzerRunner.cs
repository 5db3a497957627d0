using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Engine;

/// <summary>What running the analyzers over one project produced.</summary>
/// <param name="Diagnostics">The analyzer diagnostics that survived the project's severity settings.</param>
/// <param name="Failures">Analyzer exceptions (AD0001).</param>
/// <param name="CompileErrorCount">Compiler errors in the project.</param>
internal sealed record ProjectAnalysis(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<AnalyzerFailure> Failures, int CompileErrorCount);

/// <summary>Runs analyzers over a workspace project the way the compiler would during a build.</summary>
internal static class AnalyzerRunner
{
    private const string AnalyzerExceptionId = "AD0001";

    public static async Task<ProjectAnalysis> RunAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new AnalysisLoadException($"project '{project.Name}' produced no compilation");

        var failures = new ConcurrentDictionary<string, AnalyzerFailure>(StringComparer.Ordinal);
        void OnException(Exception exception, DiagnosticAnalyzer analyzer, Diagnostic diagnostic)
        {
            var failure = ToFailure(diagnostic);
            failures.TryAdd(failure.Message, failure);
        }

        // The project's AnalyzerOptions carry its .editorconfig and additional files; its compilation options carry
        // the per-tree severities from .editorconfig, NoWarn and WarningsAsErrors, so the result is what a build shows.
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            OnException,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);

        // One pass yields compiler and analyzer diagnostics together, so the method bodies are bound once.
        var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var analyzerIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var compileErrors = 0;
        foreach (var diagnostic in all)
        {
            if (diagnostic.Id == AnalyzerExceptionId)
            {
                var failure = ToFailure(diagnostic);
                failures.TryAdd(failure.Message, failure);
            }
            else if (analyzerIds.Contains(diagnostic.Id))
            {
                diagnostics.Add(diagnostic);
            }
            else if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                compileErrors++;
            }
        }

        return new ProjectAnalysis(
            diagnostics.ToImmutable(),
            failures.Values.OrderBy(f => f.Message, StringComparer.Ordinal).ToImmutableArray(),
            compileErrors);
    }

    private static AnalyzerFailure ToFailure(Diagnostic diagnostic)
    {
        // AD0001's arguments are: analyzer type, exception type, exception message, stack trace (not always all).
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var analyzer = message.Split('\'') is { Length: > 2 } parts ? parts[1] : "unknown analyzer";
        var firstLine = message.Split('\n')[0].Trim();
        return new AnalyzerFailure(analyzer, firstLine);
    }
}
