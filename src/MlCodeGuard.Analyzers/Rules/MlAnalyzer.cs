using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// The start every MlCodeGuard analyzer shares: concurrent, no generated code, and nothing registered past
/// compilation start when Microsoft.ML is not referenced, so a project without ML.NET pays nothing.
/// </summary>
public abstract class MlAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = MlTypes.TryCreate(start.Compilation);
            if (types is not null)
            {
                OnMlCompilationStart(start, types);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references Microsoft.ML.</summary>
    private protected abstract void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types);
}
