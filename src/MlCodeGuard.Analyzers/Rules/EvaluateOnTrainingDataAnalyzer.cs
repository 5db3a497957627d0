using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG2001: <c>Evaluate(model.Transform(X))</c> or <c>PermutationFeatureImportance(model, X)</c> where the rows of X
/// are, contain or lie within the rows <c>model</c> was fitted on.
/// </summary>
public sealed class EvaluateOnTrainingDataAnalyzer : MlAnalyzer
{
    /// <summary>Set when the code fix can introduce a split: one data value is fitted and scored, both by a plain name.</summary>
    internal const string FixableProperty = "SingleDataValue";

    /// <summary>The MLContext expression (a plain name) the fix calls <c>Data.TrainTestSplit</c> on.</summary>
    internal const string ContextProperty = "Context";

    /// <summary>The span (start:length) of the data argument of the model's <c>Transform</c>, which the fix rewires to the test set.</summary>
    internal const string TransformArgumentProperty = "TransformArgument";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EvaluateOnTrainingData);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        LeakageRuleHost.Register(start, types, OnInvocation);
    }

    private static void OnInvocation(ProvenanceGraph graph, IInvocationOperation call, Action<Diagnostic> report)
    {
        var types = graph.Types;
        var direct = MlApi.IsEvaluate(call, types) || MlApi.IsPermutationFeatureImportance(call);
        if (!direct && MlTypes.IsFromMlNet(call.TargetMethod))
        {
            return;
        }

        // Evaluate/PFI itself, or a call of a helper method that evaluates what the caller passes it.
        foreach (var site in EvaluationSite.At(call, graph))
        {
            Check(site, graph, report);
        }
    }

    private static void Check(EvaluationSite site, ProvenanceGraph graph, Action<Diagnostic> report)
    {
        var call = site.Call;
        var fit = site.Model.Fit;
        var relation = RowOverlap.Compare(site.Model.FittedOn, site.Data);
        if (!RowOverlap.Overlaps(relation))
        {
            return;
        }

        // Test rows appended to the training rows: MLG2003 (TestDataInTraining) says it more precisely.
        if (RowOverlap.TestPartOfUnion(site.Model.FittedOn) is { } testPart && RowOverlap.Overlaps(RowOverlap.Compare(testPart, site.Data)))
        {
            return;
        }

        // A model made by a helper: name the rows the caller passed it, and the helper.
        var via = site.Model.Via;
        var fitted = (via is null ? fit.Arguments[0].Value : ProvenanceGraph.CallerExpression(fit.Arguments[0].Value, via)).Syntax.ToString();
        var evaluated = site.DataExpression.Syntax.ToString();
        var rows = relation switch
        {
            RowRelation.Same => fitted == evaluated ? "the same rows" : "the same rows ('" + evaluated + "')",
            RowRelation.FirstContainsSecond => "a part of those rows ('" + evaluated + "')",
            _ => "rows that include them ('" + evaluated + "')",
        };

        if (site.InHelper is not null)
        {
            rows += " in helper '" + call.TargetMethod.Name + "'";
        }

        var additional = new List<Location> { MlCall.NameLocation(fit) };
        if (via is not null)
        {
            additional.Insert(0, MlCall.NameLocation(via));
        }

        foreach (var node in new[] { site.Model.FittedOn, site.Data })
        {
            if (FirstSplit(node) is { } split && !additional.Contains(MlCall.NameLocation(split)))
            {
                additional.Add(MlCall.NameLocation(split));
            }
        }

        var line = MlCall.NameLocation(via ?? fit).GetLineSpan().StartLinePosition.Line + 1;
        report(Diagnostic.Create(
            Descriptors.EvaluateOnTrainingData,
            MlCall.NameLocation(call),
            additional,
            via is null && site.InHelper is null ? FixProperties(site, relation, graph) : ImmutableDictionary<string, string?>.Empty,
            site.ModelExpression.Syntax.ToString(),
            via is null ? fitted : fitted + "' by helper '" + via.TargetMethod.Name,
            line,
            rows));
    }

    private static IInvocationOperation? FirstSplit(DataNode node)
    {
        for (var current = node; current is not null; current = current.Kind == DataNodeKind.Partition ? current.Split!.Input : current.Input)
        {
            if (current.Kind == DataNodeKind.Partition)
            {
                return current.Split!.Call;
            }
        }

        return null;
    }

    /// <summary>
    /// The one shape the fix rewrites: <c>x.Fit(data)</c> and <c>model.Transform(data)</c> on the same local or
    /// parameter, loaded or passed in (not already a split), with a catalog reached from a named MLContext.
    /// </summary>
    private static ImmutableDictionary<string, string?> FixProperties(EvaluationSite site, RowRelation relation, ProvenanceGraph graph)
    {
        var none = ImmutableDictionary<string, string?>.Empty;
        if (relation != RowRelation.Same || !MlApi.IsEvaluate(site.Call, graph.Types) || site.Model.FittedOn.Kind != DataNodeKind.Source)
        {
            return none;
        }

        var fitArgument = MlCall.Unwrap(site.Model.Fit.Arguments[0].Value);
        var transformArgument = MlCall.Unwrap(site.DataExpression);
        if (SymbolOf(fitArgument) is not { } symbol || !SymbolEqualityComparer.Default.Equals(symbol, SymbolOf(transformArgument)))
        {
            return none;
        }

        var contextExpression = MlCall.ContextOf(site.Call, graph.Types);
        if (contextExpression is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation))
        {
            return none;
        }

        var span = transformArgument!.Syntax.Span;
        return none
            .Add(FixableProperty, "true")
            .Add(ContextProperty, contextExpression.Syntax.ToString())
            .Add(TransformArgumentProperty, span.Start + ":" + span.Length);
    }

    private static ISymbol? SymbolOf(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };
}
