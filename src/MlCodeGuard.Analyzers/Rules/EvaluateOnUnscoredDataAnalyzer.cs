using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>MLG3011: <c>Evaluate(x)</c> where <c>x</c> never went through a fitted model's <c>Transform</c> (no Score column).</summary>
public sealed class EvaluateOnUnscoredDataAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the one local holding a fitted model before the Evaluate, for the fix.</summary>
    public const string ModelProperty = "Model";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EvaluateOnUnscoredData);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (EvaluateCall.Of(call, types) is not { } evaluate || evaluate.Data.ScoredBy is not null
            || evaluate.Column("scoreColumnName") is not { NameOperation: null, Found: null })
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        var models = LocalFlow.Root(call).Descendants()
            .OfType<IVariableDeclaratorOperation>()
            .Where(d => d.Syntax.SpanStart < call.Syntax.SpanStart && d.Initializer is { } init && SchemaFlow.FitOf(init.Value, types.Ml) is not null)
            .Select(d => d.Symbol.Name)
            .Distinct()
            .ToList();
        if (models.Count == 1)
        {
            properties = properties.Add(ModelProperty, models[0]);
        }

        report(Diagnostic.Create(Descriptors.EvaluateOnUnscoredData, MlCall.NameLocation(call), properties, call.TargetMethod.Name));
    }
}
