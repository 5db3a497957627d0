using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// The common scope of the leakage rules (MLG2001–MLG2006): one participant of the host's <see cref="Semantics.TypeScope"/>
/// per named type collects the type's
/// invocations and the bodies of its helper methods; at the type's end the helper summaries are built
/// (<see cref="HelperSummaries"/>) and every leakage rule is asked about every invocation, over the provenance graph of
/// its block (built once per block, with the summaries). A diagnostic with the same place and message is reported once.
/// </summary>
/// <remarks>
/// Why the type's end: an analyzer may not fetch another method's operations (RS1030), so a call of a helper can only
/// be answered once the type's other bodies have been seen. Symbol-end actions run in <c>dotnet build</c> and in the
/// IDE's document analysis (for the whole type: its partial declarations included), like the schema rules. The price in
/// the IDE: an edit re-analyses the leakage rules of the whole type, not of one method; a type with no ML.NET call pays
/// nothing past collecting its invocations. Each type analyses only the members it declares, so a nested type is
/// analysed once, in its own scope (its calls of the outer type's helpers stay unknown).
/// </remarks>
internal static class LeakageRuleHost
{
    /// <summary>
    /// Registers <paramref name="onInvocation"/> for every invocation of the compilation, called per type at the type's end.
    /// The rules of one host (one <see cref="MlTypes"/>) share one scope per type.
    /// </summary>
    public static void Register(CompilationStartAnalysisContext start, MlTypes ml, Action<ProvenanceGraph, IInvocationOperation, Action<Diagnostic>> onInvocation)
    {
        var rules = ml.LeakageRules;
        if (!TypeScope.AddToFamily(rules, onInvocation))
        {
            return;
        }

        Semantics.TypeScope.Register(start, ml, typeScope =>
        {
            var scope = new Collector(typeScope.Type, ml);
            typeScope.OnOperation(c => scope.AddInvocation(c.ContainingSymbol, (IInvocationOperation)c.Operation), OperationKind.Invocation);
            typeScope.OnOperationBlock(c => scope.AddBody(c.OwningSymbol, c.OperationBlocks));
            typeScope.OnEnd(end => scope.Analyze(rules, end.ReportDiagnostic));
        });
    }

    /// <summary>What one type's scope collects while its members are analysed.</summary>
    private sealed class Collector
    {
        private readonly INamedTypeSymbol _type;
        private readonly MlTypes _ml;
        // Both created on first use: most types have neither a relevant call nor a helper body.
        private ConcurrentQueue<IInvocationOperation>? _calls;
        private ConcurrentDictionary<IMethodSymbol, IOperation>? _bodies;
        private int _hasMlCall;

        private ConcurrentQueue<IInvocationOperation> Calls => System.Threading.LazyInitializer.EnsureInitialized(ref _calls, () => new ConcurrentQueue<IInvocationOperation>())!;

        public Collector(INamedTypeSymbol type, MlTypes ml)
        {
            _type = type;
            _ml = ml;
        }

        public void AddInvocation(ISymbol containing, IInvocationOperation call)
        {
            if (!SymbolEqualityComparer.Default.Equals(containing.ContainingType, _type))
            {
                return; // a nested type's member: analysed in the nested type's own scope.
            }

            var target = call.TargetMethod;
            if (MlTypes.IsFromMlNet(target))
            {
                _hasMlCall = 1;
                Calls.Enqueue(call);
            }
            else if (SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, _type.OriginalDefinition) || _ml.IsEstimatorFit(target))
            {
                // A call of one of the type's own methods (a helper the rules may follow), or the Fit of an estimator
                // the user wrote.
                Calls.Enqueue(call);
            }
        }

        public void AddBody(ISymbol owner, System.Collections.Immutable.ImmutableArray<IOperation> blocks)
        {
            if (owner is not IMethodSymbol method || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _type) || !HelperSummaries.IsCandidate(method, _ml))
            {
                return;
            }

            foreach (var block in blocks)
            {
                if (block is IMethodBodyOperation or IBlockOperation)
                {
                    System.Threading.LazyInitializer.EnsureInitialized(ref _bodies, () => new ConcurrentDictionary<IMethodSymbol, IOperation>(SymbolEqualityComparer.Default))![HelperSummaries.KeyOf(method)] = block;
                    return;
                }
            }
        }

        public void Analyze(List<Action<ProvenanceGraph, IInvocationOperation, Action<Diagnostic>>> rules, Action<Diagnostic> reportDiagnostic)
        {
            if (_hasMlCall == 0)
            {
                return; // no ML.NET call in the type: nothing can leak here.
            }

            var helpers = new HelperSummaries(_ml, _bodies is null ? new Dictionary<IMethodSymbol, IOperation>(SymbolEqualityComparer.Default) : new Dictionary<IMethodSymbol, IOperation>(_bodies, SymbolEqualityComparer.Default));

            // Keyed by message too: one call may carry several diagnostics of a rule.
            var report = TypeScope.ReportOnce(reportDiagnostic);

            // In source order, so that diagnostics come out in a stable order whatever order the driver ran the bodies in.
            var calls = new List<IInvocationOperation>(_calls!);
            calls.Sort((a, b) =>
            {
                var byTree = string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath);
                return byTree != 0 ? byTree : a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart);
            });

            // Registration is over once compilation start returns, so the list no longer changes here.
            foreach (var call in calls)
            {
                var graph = ProvenanceGraph.For(call, _ml, helpers);
                foreach (var rule in rules)
                {
                    rule(graph, call, report);
                }
            }
        }
    }
}
