using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG2004: one test partition scores two or more different models in a method — two Evaluate calls on models from
/// different Fits, or one Evaluate of a model fitted inside a loop while the partition was made outside it. A
/// partition split off a train side is a validation set and is not reported.
/// </summary>
public sealed class TestSetReusedAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TestSetReused);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        LeakageRuleHost.Register(start, types, OnInvocation);
    }

    private static void OnInvocation(ProvenanceGraph graph, IInvocationOperation call, Action<Diagnostic> report)
    {
        var types = graph.Types;
        if (!MlApi.IsEvaluate(call, types) && MlTypes.IsFromMlNet(call.TargetMethod))
        {
            return;
        }

        // Evaluate itself, or a helper method that evaluates what the caller passes it.
        foreach (var site in Evaluations(call, graph))
        {
            if (TestPartition(site.Data) is { } test)
            {
                Check(site, test, graph, report);
                return;
            }
        }
    }

    private static System.Collections.Generic.IEnumerable<EvaluationSite> Evaluations(IInvocationOperation call, ProvenanceGraph graph)
    {
        foreach (var site in EvaluationSite.At(call, graph))
        {
            if (MlApi.IsEvaluate(site.InHelper ?? site.Call, graph.Types))
            {
                yield return site;
            }
        }
    }

    private static void Check(EvaluationSite site, DataNode test, ProvenanceGraph graph, Action<Diagnostic> report)
    {
        var call = site.Call;

        // A model fitted in a loop that does not also make the partition: a new model per iteration, one test set.
        if (EnclosingLoop(site.Model.Via ?? site.Model.Fit) is { } loop && !Contains(loop, test.Via ?? test.Split!.Call))
        {
            report(Diagnostic.Create(
                Descriptors.TestSetReused,
                MlCall.NameLocation(call),
                new[] { MlCall.NameLocation(test.Split!.Call) },
                call.TargetMethod.Name,
                "scores a model fitted anew in each iteration of a loop",
                test.Label));
            return;
        }

        // An earlier Evaluate of a different model on the same rows: report the second and later ones.
        foreach (var invocation in graph.Invocations)
        {
            if (invocation.Syntax.SpanStart >= call.Syntax.SpanStart)
            {
                break;
            }

            foreach (var earlier in Evaluations(invocation, graph))
            {
                if (!ReferenceEquals(earlier.Model, site.Model)
                    && (!ReferenceEquals(earlier.Model.Fit, site.Model.Fit) || DifferentHelperCalls(earlier.Model.Via, site.Model.Via))
                    && RowOverlap.Compare(earlier.Data, site.Data) == RowRelation.Same)
                {
                    var line = MlCall.NameLocation(invocation).GetLineSpan().StartLinePosition.Line + 1;
                    report(Diagnostic.Create(
                        Descriptors.TestSetReused,
                        MlCall.NameLocation(call),
                        new[] { MlCall.NameLocation(invocation), MlCall.NameLocation(test.Split!.Call) },
                        call.TargetMethod.Name,
                        "scores a second model (the first on line " + line + ")",
                        test.Label));
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One Fit in a helper makes different models when the helper is called with different arguments (another trainer
    /// passed in); called twice alike, it makes the same model twice, which is no selection.
    /// </summary>
    private static bool DifferentHelperCalls(IInvocationOperation? first, IInvocationOperation? second)
        => first is not null && second is not null && !ReferenceEquals(first, second) && ArgumentsText(first) != ArgumentsText(second);

    private static string ArgumentsText(IInvocationOperation call)
    {
        var text = new System.Text.StringBuilder();
        foreach (var argument in call.Arguments)
        {
            foreach (var c in argument.Syntax.ToString())
            {
                if (!char.IsWhiteSpace(c))
                {
                    text.Append(c);
                }
            }

            text.Append('\u0001');
        }

        return text.ToString();
    }

    /// <summary>The test side the evaluated rows are, unless it was split off a train side (then it is a validation set).</summary>
    private static DataNode? TestPartition(DataNode data)
    {
        var node = data;
        while (node is { Kind: DataNodeKind.SameRows, Input: not null })
        {
            node = node.Input;
        }

        if (node is not { Kind: DataNodeKind.Partition, Side: PartitionSide.Test, FoldKey: null })
        {
            return null;
        }

        for (var current = node.Split!.Input; current is not null; current = current.Kind == DataNodeKind.Partition ? current.Split!.Input : current.Input)
        {
            if (current.Kind == DataNodeKind.Partition && current.Side == PartitionSide.Train)
            {
                return null;
            }
        }

        return node;
    }

    private static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    private static bool Contains(IOperation outer, IOperation inner)
    {
        for (var current = inner; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, outer))
            {
                return true;
            }
        }

        return false;
    }
}
