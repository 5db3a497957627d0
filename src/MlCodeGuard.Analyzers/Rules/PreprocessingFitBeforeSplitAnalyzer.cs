using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG2002: a preprocessing chain (no trainer) with a data-dependent estimator is fitted on rows whose transformed
/// output is later split, or whose transformer also scores evaluation rows among the rows it was fitted on.
/// </summary>
public sealed class PreprocessingFitBeforeSplitAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PreprocessingFitBeforeSplit);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        LeakageRuleHost.Register(start, types, OnInvocation);
    }

    private static void OnInvocation(ProvenanceGraph graph, IInvocationOperation fit, Action<Diagnostic> report)
    {
        var types = graph.Types;
        if (!types.IsEstimatorFit(fit.TargetMethod))
        {
            return;
        }
        if (graph.TransformerOf(fit) is not { } preprocessing
            || preprocessing.FittedOn.Kind == DataNodeKind.Unknown
            || preprocessing.Estimator.Steps.Any(MlApi.IsTrainer))
        {
            return;
        }

        var learning = preprocessing.Estimator.Steps.Where(MlApi.IsDataDependent).ToList();
        if (learning.Count == 0)
        {
            return;
        }

        if (Evidence(preprocessing, graph) is not { } evidence)
        {
            return;
        }

        var names = string.Join(", ", learning.Select(s => "'" + s.TargetMethod.Name + "'").Distinct());
        var severity = learning.Any(MlApi.IsSupervised) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        report(Diagnostic.Create(
            Descriptors.PreprocessingFitBeforeSplit,
            MlCall.NameLocation(fit),
            severity,
            new[] { MlCall.NameLocation(evidence.At) },
            null,
            names,
            fit.Arguments[0].Value.Syntax.ToString(),
            evidence.What));
    }

    /// <summary>A split of the preprocessed rows, or an evaluation of rows it was fitted on; the split wins.</summary>
    private static (IInvocationOperation At, string What)? Evidence(TransformerNode preprocessing, ProvenanceGraph graph)
    {
        (IInvocationOperation, string)? evaluated = null;
        foreach (var invocation in graph.Invocations)
        {
            var kind = MlCall.Classify(invocation, graph.Types);
            if (kind is (MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit or MlCallKind.CrossValidate) && !WithinSide(preprocessing.FittedOn, PartitionSide.Train))
            {
                var input = graph.DataOf(MlApi.FirstArgument(invocation, graph.Types.IsDataView)?.Value);
                if (input.TransformStack().Contains(preprocessing) && RowOverlap.Overlaps(RowOverlap.Compare(preprocessing.FittedOn, input)))
                {
                    return (invocation, "and its output is split afterwards by '" + invocation.TargetMethod.Name + "' on line " + Line(invocation));
                }
            }
            else if (kind == MlCallKind.None && !MlTypes.IsFromMlNet(invocation.TargetMethod) && !WithinSide(preprocessing.FittedOn, PartitionSide.Train))
            {
                // A helper method of the type that splits what it is given.
                foreach (var split in graph.HelperSplits(invocation))
                {
                    if (split.Input.TransformStack().Contains(preprocessing) && RowOverlap.Overlaps(RowOverlap.Compare(preprocessing.FittedOn, split.Input)))
                    {
                        return (invocation, "and its output is split afterwards by helper '" + invocation.TargetMethod.Name + "' on line " + Line(invocation));
                    }
                }
            }
            // Fitted on a test side itself: that is MLG2003 (TestDataInTraining), not reported twice.
            else if (evaluated is null && !WithinSide(preprocessing.FittedOn, PartitionSide.Test))
            {
                foreach (var site in EvaluationSite.At(invocation, graph))
                {
                    if (!ReferenceEquals(site.Model, preprocessing)
                        && site.Data.TransformStack().Contains(preprocessing)
                        && RowOverlap.Overlaps(RowOverlap.Compare(preprocessing.FittedOn, site.Data)))
                    {
                        evaluated = (invocation, "which include the rows evaluated by '" + invocation.TargetMethod.Name + "' on line " + Line(invocation));
                        break;
                    }
                }
            }
        }

        return evaluated;
    }

    /// <summary>
    /// The rows lie within one side of an earlier split. Fitted on a train side, splitting the output again makes a
    /// validation set and the test set held out first stays clean: not reported (the catalog's hard negative).
    /// </summary>
    private static bool WithinSide(DataNode node, PartitionSide side)
    {
        for (var (current, depth) = (node, 0); current is not null && depth < 64; depth++)
        {
            if (current.Kind == DataNodeKind.Partition)
            {
                if (current.Side == side)
                {
                    return true;
                }

                current = current.Split!.Input;
            }
            else
            {
                current = current.Input;
            }
        }

        return false;
    }

    private static int Line(IInvocationOperation invocation) => MlCall.NameLocation(invocation).GetLineSpan().StartLinePosition.Line + 1;
}
