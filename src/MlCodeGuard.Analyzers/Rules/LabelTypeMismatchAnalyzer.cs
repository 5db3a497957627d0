using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG3002: the label type does not fit the trainer's task: binary classification needs Boolean, regression Single.
/// (Multiclass keys are MLG3004. Ranking is not checked: its trainers accept more than one label type.)
/// </summary>
public sealed class LabelTypeMismatchAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LabelTypeMismatch);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is not { } chain)
        {
            return;
        }

        foreach (var step in chain.Steps)
        {
            var (task, expected) = step.Entry.Task switch
            {
                TrainerTask.Binary => ("binary classification", new ColumnType(ItemKind.Boolean)),
                TrainerTask.Regression => ("regression", new ColumnType(ItemKind.Single)),
                _ => (null, default),
            };
            if (task is null || step.Read("label") is not { Checkable: true, Found: { Type.IsKnown: true } label } read || label.Type.Equals(expected))
            {
                continue;
            }

            report(Diagnostic.Create(Descriptors.LabelTypeMismatch, read.Location, read.Name, task, step.Entry.Method, label.Type.ToString(), expected.ToString()));
        }
    }
}
