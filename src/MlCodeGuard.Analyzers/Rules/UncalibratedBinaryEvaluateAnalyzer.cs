using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG3010: <c>BinaryClassification.Evaluate</c> (which reads Probability) on the output of a non-calibrated binary
/// trainer, which has no Probability column.
/// </summary>
public sealed class UncalibratedBinaryEvaluateAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UncalibratedBinaryEvaluate);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (call.TargetMethod.Name != "Evaluate" || EvaluateCall.Of(call, types) is not { Catalog: "BinaryClassificationCatalog" } evaluate
            || evaluate.Data.ScoredBy is not { Task: TrainerTask.Binary, Calibrated: false } trainer
            || evaluate.Column("probabilityColumnName") is not { NameOperation: null, Found: null })
        {
            return;
        }

        report(Diagnostic.Create(Descriptors.UncalibratedBinaryEvaluate, MlCall.NameLocation(call), trainer.Name));
    }
}
