using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG1002: TrainTestSplit, CrossValidationSplit, CrossValidate, ShuffleRows or BootstrapSample without <c>seed:</c>
/// while the MLContext it falls back to is unseeded or not known to be seeded.
/// </summary>
public sealed class UnseededSplitOrShuffleAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnseededSplitOrShuffle);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        Semantics.TypeScope.Register(start, types, scope => new Scope(scope));
    }

    private sealed class Scope
    {
        private readonly MlTypes _types;
        private readonly SeedFlow _seeds;
        // Created on the first seedable call without a seed: most types have none.
        private ConcurrentQueue<IInvocationOperation>? _calls;

        public Scope(Semantics.TypeScope scope)
        {
            _types = scope.Types;
            _seeds = new SeedFlow(scope.Types, scope.Assignments);
            scope.OnOperation(OnInvocation, OperationKind.Invocation);
            scope.OnEnd(OnTypeEnd);
        }

        private void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (MlCall.IsSeedable(MlCall.Classify(invocation, _types)) && MlCall.LacksSeed(invocation))
            {
                System.Threading.LazyInitializer.EnsureInitialized(ref _calls, () => new())!.Enqueue(invocation);
            }
        }

        // Reported at the type's end because a field's seed is known only once every member of the type was seen.
        private void OnTypeEnd(TypeEndContext context)
        {
            if (_calls is null)
            {
                return;
            }

            foreach (var call in _calls)
            {
                var contextExpression = MlCall.ContextOf(call, _types);
                var verdict = contextExpression is null
                    ? SeedVerdict.Unknown("the catalog does not come from a visible MLContext")
                    : _seeds.Classify(contextExpression);
                if (verdict.State != SeedState.Seeded)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnseededSplitOrShuffle, MlCall.NameLocation(call), call.TargetMethod.Name, verdict.Reason));
                }
            }
        }
    }
}
