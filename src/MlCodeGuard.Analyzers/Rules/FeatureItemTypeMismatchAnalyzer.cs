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
/// MLG3003: a trainer's feature column has a numeric or Boolean item type other than Single, or a Concatenate mixes
/// item types. (String and DateTime features are a missing encoder, MLG3005's business.)
/// </summary>
public sealed class FeatureItemTypeMismatchAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.FeatureItemTypeMismatch);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static bool IsWrongNumber(ColumnType type) => type.Item != ItemKind.Single && (type.IsNumeric || type.Item == ItemKind.Boolean);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is not { } chain)
        {
            return;
        }

        foreach (var step in chain.Steps)
        {
            if (step.Entry.Rule == TypeRule.Concatenate)
            {
                var inputs = step.Reads.Where(r => r.Role == "input" && r.Checkable && r.Found is { Type.IsKnown: true }).ToList();
                var first = inputs.FirstOrDefault();
                var odd = inputs.FirstOrDefault(r => r.Found!.Type.Item != first!.Found!.Type.Item);
                // A string or DateTime input is a missing encoder (MLG3005), not a conversion problem.
                if (first is not null && odd is not null && !inputs.Any(r => NonNumericFeatureNotEncodedAnalyzer.IsNonNumeric(r.Found!.Type)))
                {
                    report(Diagnostic.Create(Descriptors.FeatureItemTypeMismatch, odd.Location, odd.Name, "'Concatenate'",
                        odd.Found!.Type.ToString(), $"the item type of '{first.Name}' ({first.Found!.Type.Item}): Concatenate needs one item type"));
                }
            }

            if (!step.Entry.IsTrainer)
            {
                continue;
            }

            foreach (var feature in step.Reads.Where(r => r.Role == "feature" && r.Checkable && r.Found is { Type.IsKnown: true } found && IsWrongNumber(found.Type)))
            {
                report(Diagnostic.Create(Descriptors.FeatureItemTypeMismatch, feature.Location, feature.Name, $"trainer '{step.Entry.Method}'",
                    feature.Found!.Type.ToString(), "Single items: make the members float, or insert ConvertType(..., DataKind.Single)"));
            }
        }
    }
}
