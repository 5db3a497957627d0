using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// Stands for the analyzers every `dotnet build` of an SDK-style project already runs (the .NET SDK's own
/// Microsoft.CodeAnalysis.NetAnalyzers are on by default): it subscribes to the operation and symbol events those use
/// and does nothing with them. With it, the baseline pays what a real build pays before MlCodeGuard is added: the
/// analyzer driver, its compilation events, and the operation trees of every method body.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DriverBaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType, SymbolKind.Method);
    }
}
