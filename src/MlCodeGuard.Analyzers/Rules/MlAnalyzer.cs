using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// One MlCodeGuard rule. The compiler loads only <see cref="MlCodeGuardAnalyzer"/>, which hosts every rule in one analyzer
/// (see there why); a rule is also a complete analyzer on its own, which is how the rule tests and the per-rule
/// benchmarks run it. Either way: concurrent, no generated code, and nothing registered past compilation start when
/// Microsoft.ML is not referenced, so a project without ML.NET pays nothing.
/// </summary>
/// <remarks>No <c>[DiagnosticAnalyzer]</c> attribute on the rules (RS1001 is off for this assembly): with it the compiler would
/// load each rule beside the host and report every diagnostic twice.</remarks>
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

    /// <summary>Registers the rule's actions into a host's compilation start (the host resolved <paramref name="types"/>).</summary>
    internal void RegisterFor(CompilationStartAnalysisContext start, MlTypes types) => OnMlCompilationStart(start, types);

    /// <summary>Registers the rule's actions for a compilation that references Microsoft.ML.</summary>
    private protected abstract void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types);
}
