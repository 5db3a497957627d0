using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Engine;

/// <summary>One diagnostic as reported to the user, with its location resolved against the analyzed root.</summary>
/// <param name="Id">The rule ID, e.g. MLG1001.</param>
/// <param name="Severity">The effective severity, after .editorconfig and project settings.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Descriptor">The rule's descriptor (title, help link, default severity).</param>
/// <param name="FilePath">The full path of the source file, or null when the diagnostic has no source location.</param>
/// <param name="RelativePath">
/// The path relative to <see cref="AnalysisResult.Root"/> with '/' separators; the full path when the file lies outside
/// the root; null without a source location.
/// </param>
/// <param name="StartLine">1-based start line (0 without a source location).</param>
/// <param name="StartColumn">1-based start column.</param>
/// <param name="EndLine">1-based end line.</param>
/// <param name="EndColumn">1-based end column (exclusive, as in SARIF).</param>
/// <param name="LineText">The source line the diagnostic starts on, trimmed; empty without a source location.</param>
public sealed record ReportedDiagnostic(
    string Id,
    DiagnosticSeverity Severity,
    string Message,
    DiagnosticDescriptor Descriptor,
    string? FilePath,
    string? RelativePath,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    string LineText)
{
    /// <summary>True when the path lies under the analyzed root, so it can be written relative to it.</summary>
    public bool IsUnderRoot => RelativePath is not null && !System.IO.Path.IsPathRooted(RelativePath);
}

/// <summary>An analyzer threw (AD0001): a bug in MlCodeGuard, always reported as an error.</summary>
/// <param name="Analyzer">The analyzer type name.</param>
/// <param name="Message">The AD0001 message (exception type and text).</param>
public sealed record AnalyzerFailure(string Analyzer, string Message);

/// <summary>Everything one <c>analyze</c> run found.</summary>
public sealed class AnalysisResult
{
    /// <summary>Creates a result. Diagnostics are expected in report order (see <see cref="Diagnostics"/>).</summary>
    /// <param name="target">What was analyzed.</param>
    /// <param name="diagnostics">The diagnostics, sorted.</param>
    /// <param name="rules">Every rule that ran, sorted by ID.</param>
    /// <param name="analyzerFailures">AD0001 reports.</param>
    /// <param name="projectCount">How many projects were analyzed (a multi-targeted project counts once).</param>
    /// <param name="fileCount">How many C# source files were analyzed (generated files under obj/ excluded).</param>
    /// <param name="compileErrorCount">Compiler errors seen while analyzing (tolerated).</param>
    public AnalysisResult(
        AnalysisTarget target,
        IReadOnlyList<ReportedDiagnostic> diagnostics,
        IReadOnlyList<DiagnosticDescriptor> rules,
        IReadOnlyList<AnalyzerFailure> analyzerFailures,
        int projectCount,
        int fileCount,
        int compileErrorCount)
    {
        Target = target;
        Diagnostics = diagnostics;
        Rules = rules;
        AnalyzerFailures = analyzerFailures;
        ProjectCount = projectCount;
        FileCount = fileCount;
        CompileErrorCount = compileErrorCount;
    }

    /// <summary>What was analyzed.</summary>
    public AnalysisTarget Target { get; }

    /// <summary>The folder reported paths are relative to.</summary>
    public string Root => Target.Root;

    /// <summary>The diagnostics, sorted by relative path (ordinal), line, column, then ID.</summary>
    public IReadOnlyList<ReportedDiagnostic> Diagnostics { get; }

    /// <summary>Every rule of the analyzers that ran, sorted by ID.</summary>
    public IReadOnlyList<DiagnosticDescriptor> Rules { get; }

    /// <summary>Analyzer exceptions (AD0001). Each one is a bug in MlCodeGuard.</summary>
    public IReadOnlyList<AnalyzerFailure> AnalyzerFailures { get; }

    /// <summary>How many projects were analyzed (1 in loose mode).</summary>
    public int ProjectCount { get; }

    /// <summary>How many C# source files were analyzed.</summary>
    public int FileCount { get; }

    /// <summary>Compiler errors seen while analyzing. Analysis goes on regardless, but results may be incomplete.</summary>
    public int CompileErrorCount { get; }

    /// <summary>How many diagnostics have exactly this severity.</summary>
    /// <param name="severity">The severity to count.</param>
    /// <returns>The count.</returns>
    public int Count(DiagnosticSeverity severity) => Diagnostics.Count(d => d.Severity == severity);

    /// <summary>
    /// How many findings are at or above <paramref name="threshold"/>; analyzer failures count as errors, so they are
    /// always included.
    /// </summary>
    /// <param name="threshold">The lowest severity that counts.</param>
    /// <returns>The count.</returns>
    public int CountAtOrAbove(DiagnosticSeverity threshold)
        => Diagnostics.Count(d => d.Severity >= threshold) + AnalyzerFailures.Count;
}
