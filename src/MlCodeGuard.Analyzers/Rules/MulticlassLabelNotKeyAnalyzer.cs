using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>MLG3004: a multiclass trainer whose label column is not a key (no <c>MapValueToKey</c> before it).</summary>
public sealed class MulticlassLabelNotKeyAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the label column name, when the fix can map it at the head of the chain.</summary>
    public const string LabelProperty = "Label";

    /// <summary>Diagnostic property: the source text of the MLContext the chain's head is called on.</summary>
    public const string ContextProperty = "Context";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MulticlassLabelNotKey);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is not { } chain)
        {
            return;
        }

        foreach (var step in chain.Steps.Where(s => s.Entry.Task == TrainerTask.Multiclass))
        {
            if (step.Read("label") is not { Checkable: true, Found: { Type.IsKnown: true } label } read || label.Type.Item == ItemKind.Key)
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var additional = Enumerable.Empty<Location>();

            // The fix maps the label at the head of the chain, which is right only when the column the trainer sees is
            // the input's own column (no step before the trainer writes it).
            if (chain.Head is IInvocationOperation head && ReferenceEquals(chain.Input.Find(read.Name), label)
                && MlCall.ContextOf(head, types.Ml) is { } ml && ml.Syntax.ToString() is { Length: > 0 } contextText)
            {
                properties = properties.Add(LabelProperty, read.Name).Add(ContextProperty, contextText);
                additional = new[] { head.Syntax.GetLocation() };
            }

            report(Diagnostic.Create(Descriptors.MulticlassLabelNotKey, read.Location, additional, properties, read.Name, step.Entry.Method, label.Type.ToString()));
        }
    }
}
