using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
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
    /// <summary>Registers <paramref name="onInvocation"/> for every invocation, called per type at the type's end.</summary>
    public static void Register(CompilationStartAnalysisContext start, MlTypes ml, Action<SchemaTypes, IInvocationOperation, Action<Diagnostic>> onInvocation)
    {
        var types = new SchemaTypes(start.Compilation, ml);
        start.RegisterSymbolStartAction(
            symbol =>
            {
                var calls = new ConcurrentQueue<IInvocationOperation>();
                symbol.RegisterOperationAction(c => calls.Enqueue((IInvocationOperation)c.Operation), OperationKind.Invocation);
                symbol.RegisterSymbolEndAction(end =>
                {
                    // Keyed by message too: one call may carry several diagnostics of a rule (one per output member).
                    var seen = new HashSet<(string, Location, string)>();
                    foreach (var call in calls)
                    {
                        onInvocation(types, call, diagnostic =>
                        {
                            if (seen.Add((diagnostic.Id, diagnostic.Location, diagnostic.GetMessage(CultureInfo.InvariantCulture))))
                            {
                                end.ReportDiagnostic(diagnostic);
                            }
                        });
                    }
                });
            },
            SymbolKind.NamedType);
    }

    /// <summary>The chain analysis when <paramref name="call"/> is <c>estimator.Fit(data)</c> with a known data schema.</summary>
    public static ChainAnalysis? FitAnalysis(IInvocationOperation call, SchemaTypes types)
        => call.TargetMethod.Name == "Fit" && types.Ml.IsEstimatorFit(call.TargetMethod) ? SchemaFlow.OfFit(call, types) : null;
}
