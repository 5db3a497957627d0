using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// Reports, without analyzing anything, the diagnostics MlCodeGuard reports on a codebase: same ids, same files, same
/// spans, from a syntax-tree action. It measures what reporting those warnings costs a build by itself: the compiler
/// checks every analyzer diagnostic against <c>[SuppressMessage]</c> by asking for the symbols declared around its
/// location, and for a location inside a local declaration that binds the whole method again with nullable analysis.
/// Any analyzer that reports the same warnings pays the same; the difference between this and MlCodeGuard is the cost of
/// finding them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReplayAnalyzer : DiagnosticAnalyzer
{
    private readonly ILookup<string, (string Id, Microsoft.CodeAnalysis.Text.TextSpan Span)> _byPath;
    private readonly ImmutableDictionary<string, DiagnosticDescriptor> _descriptors;

    public ReplayAnalyzer(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.Where(d => d.Location.IsInSource).ToList();
        _byPath = list.ToLookup(d => d.Location.SourceTree!.FilePath, d => (d.Id, d.Location.SourceSpan));
        _descriptors = list.Select(d => d.Id).Distinct().ToImmutableDictionary(
            id => id,
            id => new DiagnosticDescriptor(id, "Replayed", "Replayed {0}", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true));
        SupportedDiagnostics = [.. _descriptors.Values];
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxTreeAction(c =>
        {
            foreach (var (id, span) in _byPath[c.Tree.FilePath])
            {
                c.ReportDiagnostic(Diagnostic.Create(_descriptors[id], Location.Create(c.Tree, span), id));
            }
        });
    }

    /// <summary>The MlCodeGuard diagnostics of <paramref name="workload"/>, replayed.</summary>
    public static ReplayAnalyzer Of(Workload workload)
        => new(workload.CompileWithAnalyzers().Where(d => d.Id.StartsWith("MLG", StringComparison.Ordinal)));
}
