using System.Collections.Generic;
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
/// MLG3005: a string or DateTime column reaches a trainer's features with no encoder: concatenated into the feature
/// column, or named as the feature column itself.
/// </summary>
public sealed class NonNumericFeatureNotEncodedAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonNumericFeatureNotEncoded);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    internal static bool IsNonNumeric(ColumnType type) => type.Item is ItemKind.String or ItemKind.DateTime or ItemKind.DateTimeOffset or ItemKind.TimeSpan;

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is not { } chain)
        {
            return;
        }

        var featureNames = new HashSet<string>(chain.Steps.Where(s => s.Entry.IsTrainer).SelectMany(s => s.Reads).Where(r => r.Role == "feature").Select(r => r.Name));
        foreach (var step in chain.Steps)
        {
            if (step.Entry.Rule == TypeRule.Concatenate
                && MlCall.Unwrap(MlCall.Argument(step.Call, "outputColumnName")?.Value)?.ConstantValue is { HasValue: true, Value: string output }
                && featureNames.Contains(output))
            {
                foreach (var input in step.Reads.Where(r => r.Role == "input" && r.Checkable && r.Found is { } found && IsNonNumeric(found.Type)))
                {
                    report(Diagnostic.Create(Descriptors.NonNumericFeatureNotEncoded, input.Location, input.Name, input.Found!.Type.ToString(), output));
                }
            }

            if (step.Entry.IsTrainer)
            {
                foreach (var feature in step.Reads.Where(r => r.Role == "feature" && r.Checkable && r.Found is { } found && IsNonNumeric(found.Type)
                             && found.Origin.StartsWith("member ", System.StringComparison.Ordinal)))
                {
                    report(Diagnostic.Create(Descriptors.NonNumericFeatureNotEncoded, feature.Location, feature.Name, feature.Found!.Type.ToString(), feature.Name));
                }
            }
        }
    }
}
