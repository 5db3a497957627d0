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
/// MLG3001: a step of a fitted chain, or an <c>Evaluate</c>, reads a column that neither the input class nor an
/// earlier step produces. Silent after any step the catalog cannot model (the schema is then open).
/// </summary>
public sealed class ColumnNotFoundAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the nearest existing column name, when one is plausibly meant.</summary>
    public const string SuggestionProperty = "Suggestion";

    /// <summary>Diagnostic property: the metadata name of the input class whose member is the suggestion (for <c>nameof</c>).</summary>
    public const string MemberTypeProperty = "MemberType";

    /// <summary>Diagnostic property: the member name behind the suggestion.</summary>
    public const string MemberProperty = "Member";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ColumnNotFound);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is { } chain)
        {
            foreach (var step in chain.Steps)
            {
                foreach (var read in step.Reads.Where(r => r.IsMissing))
                {
                    report(Create(read.Location, read.Name, read.Role, step.Entry.Method, read.NameOperation is null, read.Step.Before));
                }
            }

            return;
        }

        if (EvaluateCall.Of(call, types) is { } evaluate)
        {
            foreach (var column in evaluate.Columns)
            {
                // A missing Score, Probability or PredictedLabel by default is MLG3011's or MLG3010's business.
                var alwaysChecked = column.Parameter is "labelColumnName" or "rowGroupColumnName" or "featureColumnName";
                if (column.Found is null && (alwaysChecked || column.NameOperation is not null))
                {
                    var location = column.NameOperation?.Syntax.GetLocation() ?? MlCall.NameLocation(call);
                    report(Create(location, column.Name, column.Role, call.TargetMethod.Name, column.NameOperation is null, evaluate.Data));
                }
            }
        }
    }

    private static Diagnostic Create(Location location, string name, string role, string step, bool byDefault, SchemaState available)
    {
        var suggestion = NameDistance.Nearest(name, available.Columns.Keys);
        var properties = ImmutableDictionary<string, string?>.Empty;
        var hint = "";
        if (suggestion is not null)
        {
            hint = $"; did you mean '{suggestion}'?";
            properties = properties.Add(SuggestionProperty, suggestion);
            if (available.Find(suggestion)?.Member is { } member && member.Name == suggestion && member.ContainingType is { } owner)
            {
                properties = properties.Add(MemberTypeProperty, MetadataName(owner)).Add(MemberProperty, member.Name);
            }
        }
        else if (available.Columns.Count > 0)
        {
            hint = "; available: " + string.Join(", ", available.Columns.Keys.OrderBy(k => k, System.StringComparer.Ordinal).Take(8).Select(k => "'" + k + "'"));
        }

        return Diagnostic.Create(Descriptors.ColumnNotFound, location, properties, name, role + " column of '" + step + "'" + (byDefault ? " (its default)" : ""), hint);
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var names = new Stack<string>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            names.Push(t.MetadataName);
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        return ns + string.Join("+", names);
    }
}
