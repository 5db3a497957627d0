using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG3006: an array member without <c>[VectorType(n)]</c> reaches a trainer's feature column as a variable-length
/// vector. Reported on the argument that brings the member's column into the chain (a <c>Concatenate</c> input or the
/// <c>featureColumnName</c>), with the member as an additional location.
/// </summary>
public sealed class VariableLengthVectorFeatureAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the vector size the member's <c>[LoadColumn(a, b)]</c> range implies (b - a + 1).</summary>
    public const string SizeProperty = "Size";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.VariableLengthVectorFeature);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is not { } chain)
        {
            return;
        }

        foreach (var step in chain.Steps.Where(s => s.Entry.IsTrainer))
        {
            foreach (var feature in step.Reads.Where(r => r.Role == "feature" && r.Checkable))
            {
                if (feature.Found is not { Type.Shape: Shape.VarVector, Member: { } member })
                {
                    continue;
                }

                // The first read of the member's own column: where the array enters the features.
                var entry = chain.Steps.SelectMany(s => s.Reads)
                    .FirstOrDefault(r => r.Found is { Type.Shape: Shape.VarVector } found && SymbolEqualityComparer.Default.Equals(found.Member, member) && r.NameOperation is not null)
                    ?? feature;
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (LoadColumnInfo.Of(member, types) is { IsRange: true } range)
                {
                    properties = properties.Add(SizeProperty, (range.End - range.Start + 1).ToString(CultureInfo.InvariantCulture));
                }

                var additional = member.Locations.Where(l => l.IsInSource).Take(1);
                report(Diagnostic.Create(
                    Descriptors.VariableLengthVectorFeature,
                    entry.Location,
                    additional,
                    properties,
                    entry.Name,
                    member.ContainingType.Name + "." + member.Name,
                    feature.Name,
                    step.Entry.Method));
            }
        }
    }
}
