using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>
/// The common shape of the schema rules: collect the invocations of one type, then ask the shared schema model about
/// them at the type's end; a diagnostic with the same place and message is reported once even when a chain is fitted twice.
/// </summary>
internal static class SchemaRuleHost
{
    /// <summary>
    /// Registers <paramref name="onInvocation"/> for every invocation, called per type at the type's end. The rules of one
    /// host (one <see cref="MlTypes"/>) share one participant in the host's <see cref="TypeScope"/>: a type's invocations
    /// are collected once and every schema rule is asked about them in turn. Only the calls a schema rule can be about are
    /// kept: methods of ML.NET (catalogs, <c>Evaluate</c>, <c>CreatePredictionEngine</c>...) and methods named <c>Fit</c>
    /// (an estimator of the user's own implements <c>IEstimator&lt;T&gt;.Fit</c>); every rule starts with one of those tests.
    /// </summary>
    public static void Register(CompilationStartAnalysisContext start, MlTypes ml, Action<SchemaTypes, IInvocationOperation, Action<Diagnostic>> onInvocation)
    {
        var rules = ml.SchemaRules;
        if (!TypeScope.AddToFamily(rules, onInvocation))
        {
            return;
        }

        var types = ml.Schema;
        TypeScope.Register(start, ml, scope =>
        {
            ConcurrentQueue<IInvocationOperation>? calls = null;
            scope.OnOperation(
                c =>
                {
                    var call = (IInvocationOperation)c.Operation;
                    if (call.TargetMethod.Name == "Fit" || MlTypes.IsFromMlNet(call.TargetMethod))
                    {
                        System.Threading.LazyInitializer.EnsureInitialized(ref calls, () => new ConcurrentQueue<IInvocationOperation>())!.Enqueue(call);
                    }
                },
                OperationKind.Invocation);
            scope.OnEnd(end =>
            {
                if (calls is null)
                {
                    return;
                }

                // Keyed by message too: one call may carry several diagnostics of a rule.
                var report = TypeScope.ReportOnce(end.ReportDiagnostic);

                // Registration is over once compilation start returns, so the list no longer changes here.
                foreach (var rule in rules)
                {
                    foreach (var call in calls)
                    {
                        rule(types, call, report);
                    }
                }
            });
        });
    }

    /// <summary>The chain analysis when <paramref name="call"/> is <c>estimator.Fit(data)</c> with a known data schema.</summary>
    public static ChainAnalysis? FitAnalysis(IInvocationOperation call, SchemaTypes types)
        => call.TargetMethod.Name == "Fit" && types.Ml.IsEstimatorFit(call.TargetMethod) ? SchemaFlow.OfFit(call, types) : null;
}
