using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG2005: the label column of a trainer, or a column made from it or that it is made from, is among the inputs of
/// the <c>Concatenate</c> that builds the trainer's feature column, in the same estimator chain.
/// </summary>
public sealed class LabelInFeaturesAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LabelInFeatures);

    // Chains are reported once per block: a Concatenate shared by two chains (a prefix appended to two trainers) is
    // reported once. The graph is the block's, so it keys the block's reported locations.
    private static readonly ConditionalWeakTable<ProvenanceGraph, HashSet<Location>> Reported = new();

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        LeakageRuleHost.Register(start, types, OnInvocation);
    }

    private static void OnInvocation(ProvenanceGraph graph, IInvocationOperation invocation, Action<Diagnostic> report)
    {
        var types = graph.Types;
        if ((MlApi.IsAppend(invocation, types) || MlApi.IsAppendCacheCheckpoint(invocation)) && !IsInsideLargerChain(invocation, types))
        {
            Report(graph, invocation, Reported.GetValue(graph, _ => new HashSet<Location>()), report);
        }
    }

    /// <summary>True when the chain is the receiver or argument of a further Append: only the outermost chain is read.</summary>
    private static bool IsInsideLargerChain(IOperation operation, MlTypes types)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IArgumentOperation)
        {
            parent = parent.Parent;
        }

        return parent is IInvocationOperation outer && (MlApi.IsAppend(outer, types) || MlApi.IsAppendCacheCheckpoint(outer));
    }

    private static void Report(ProvenanceGraph graph, IInvocationOperation chainExpression, HashSet<Location> reported, Action<Diagnostic> report)
    {
        var chain = graph.EstimatorOf(chainExpression);
        if (!chain.IsComplete)
        {
            return;
        }

        for (var i = 0; i < chain.Steps.Length; i++)
        {
            var trainer = chain.Steps[i];
            if (!MlApi.IsTrainer(trainer)
                || TrainerColumns.Column(trainer, graph, TrainerColumns.Label) is not { } label
                || TrainerColumns.Column(trainer, graph, TrainerColumns.Features) is not { } features)
            {
                continue;
            }

            var ties = LabelLineage.TiesBeforeEachStep(chain, i, label);
            for (var j = 0; j < i; j++)
            {
                foreach (var (column, location) in ConcatenateInputs(chain.Steps[j], features))
                {
                    if (ties[j].TryGetValue(column, out var tie) && reported.Add(location))
                    {
                        var why = tie switch
                        {
                            LabelTie.Label => "it is the label of '" + trainer.TargetMethod.Name + "'",
                            LabelTie.SourceOfLabel => "the label '" + label + "' of '" + trainer.TargetMethod.Name + "' is made from it",
                            _ => "it carries the values of the label '" + label + "' of '" + trainer.TargetMethod.Name + "'",
                        };
                        report(Diagnostic.Create(Descriptors.LabelInFeatures, location, column, features, why));
                    }
                }
            }
        }
    }

    /// <summary>The constant input column names of <c>Concatenate(features, ...)</c>, each with the syntax that names it.</summary>
    internal static IEnumerable<(string Column, Location Location)> ConcatenateInputs(IInvocationOperation step, string features)
    {
        if (step.TargetMethod.Name != "Concatenate" || MlApi.StringArgument(step, "outputColumnName") != features
            || MlCall.Argument(step, "inputColumnNames") is not { } inputs
            || MlCall.Unwrap(inputs.Value) is not IArrayCreationOperation { Initializer: { } initializer })
        {
            yield break;
        }

        foreach (var element in initializer.ElementValues)
        {
            if (MlCall.Unwrap(element)?.ConstantValue is { HasValue: true, Value: string column })
            {
                yield return (column, element.Syntax.GetLocation());
            }
        }
    }
}
