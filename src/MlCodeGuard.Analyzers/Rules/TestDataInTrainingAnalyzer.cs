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
/// MLG2003: a Fit takes rows of a split's test side — as the validation set of the model that is then evaluated on
/// them, or as the training rows of preprocessing that prepares the evaluated rows. (A model trained on the rows it is
/// evaluated on is MLG2001.)
/// </summary>
public sealed class TestDataInTrainingAnalyzer : MlAnalyzer
{
    /// <summary>Set when the fix can point the Fit's argument at the train side: it is written <c>x.TestSet</c>.</summary>
    internal const string FixableProperty = "TrainSetReplacesTestSet";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TestDataInTraining);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        LeakageRuleHost.Register(start, types, OnInvocation);
    }

    private static void OnInvocation(ProvenanceGraph graph, IInvocationOperation call, Action<Diagnostic> report)
    {
        var types = graph.Types;
        if (types.IsEstimatorFit(call.TargetMethod))
        {
            if (graph.TransformerOf(call) is { } fitted)
            {
                Check(graph, call, fitted, graph.DataArguments(call), helperFit: null, report);
            }
        }
        else if (!MlTypes.IsFromMlNet(call.TargetMethod))
        {
            // A helper method of the type that fits what it is given: reported on the helper's call.
            foreach (var fit in graph.HelperFits(call))
            {
                if (Check(graph, call, fit.Model, fit.Data, fit.Fit, report))
                {
                    return;
                }
            }
        }
    }

    private static bool Check(ProvenanceGraph graph, IInvocationOperation fit, TransformerNode fitted, IReadOnlyList<(DataNode Rows, IOperation Expression)> dataArguments, IInvocationOperation? helperFit, Action<Diagnostic> report)
    {
        // The validation set of a trainer's Fit(train, validation), then the training rows.
        for (var i = dataArguments.Count - 1; i >= 0; i--)
        {
            var isValidation = i > 0;
            var rows = dataArguments[i].Rows;

            // Test rows appended to other rows (a union) and fitted: the model itself learns them.
            var appended = isValidation ? null : RowOverlap.TestPartOfUnion(rows);
            if ((appended ?? TestSide(rows)) is not { } testSide)
            {
                continue;
            }

            foreach (var invocation in graph.Invocations)
            {
                foreach (var site in EvaluationSite.At(invocation, graph))
                {
                    if (!RowOverlap.Overlaps(RowOverlap.Compare(testSide, site.Data)))
                    {
                        continue;
                    }

                    // Validation rows count when this model is the one evaluated; training rows when this is preprocessing
                    // under the evaluated model (the evaluated model itself fitted on them is MLG2001), or when the test
                    // rows were appended to the training rows.
                    var underEvaluated = !ReferenceEquals(site.Model, fitted) && site.Data.TransformStack().Contains(fitted);
                    var applies = isValidation
                        ? ReferenceEquals(site.Model, fitted)
                        : underEvaluated || (appended is not null && ReferenceEquals(site.Model, fitted));
                    if (!applies)
                    {
                        continue;
                    }

                    Report(fit, dataArguments[i].Expression, isValidation, appended is not null, helperFit, testSide, invocation, report);
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(IInvocationOperation fit, IOperation argument, bool isValidation, bool appended, IInvocationOperation? helperFit, DataNode testSide, IInvocationOperation evaluation, Action<Diagnostic> report)
    {
        var properties = !isValidation && !appended && helperFit is null && MlCall.Unwrap(argument) is IMemberReferenceOperation { Member.Name: "TestSet" }
            ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        var how = isValidation ? "validates (early stopping) on"
            : appended ? "is fitted on '" + argument.Syntax + "', which appends the"
            : "is fitted on";
        var additional = new List<Location> { MlCall.NameLocation(evaluation), MlCall.NameLocation(testSide.Split!.Call) };
        if (helperFit is not null)
        {
            // The Fit is in the helper's body: reported on the helper's call, the Fit among the additional locations.
            how = isValidation ? "makes a Fit that " + how : "fits" + how.Substring("is fitted".Length);
            additional.Insert(0, MlCall.NameLocation(helperFit));
        }

        var line = MlCall.NameLocation(evaluation).GetLineSpan().StartLinePosition.Line + 1;
        report(Diagnostic.Create(
            Descriptors.TestDataInTraining,
            MlCall.NameLocation(fit),
            additional,
            properties,
            fit.TargetMethod.Name,
            how,
            testSide.Label,
            line));
    }

    /// <summary>The test-side partition the rows come from, if any.</summary>
    private static DataNode? TestSide(DataNode node)
    {
        for (var (current, depth) = (node, 0); current is not null && depth < 64; depth++)
        {
            if (current.Kind == DataNodeKind.Partition)
            {
                if (current.Side == PartitionSide.Test)
                {
                    return current;
                }

                current = current.Split!.Input;
            }
            else
            {
                current = current.Input;
            }
        }

        return null;
    }
}
