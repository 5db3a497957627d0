using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG1003: the context is seeded, so reproducibility is wanted, but the trainer runs multi-threaded without a
/// determinism option (SDCA, SymSGD, FastTree, FastForest, GAM without NumberOfThreads = 1; LightGBM without
/// Deterministic = true and NumberOfThreads = 1).
/// </summary>
public sealed class NondeterministicTrainerUnderSeedAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NondeterministicTrainerUnderSeed);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        Semantics.TypeScope.Register(start, types, scope => new Scope(scope));
    }

    private sealed class Scope
    {
        private readonly MlTypes _types;
        private readonly SeedFlow _seeds;
        // Created on the first multi-threaded trainer call: most types have none.
        private ConcurrentQueue<(IInvocationOperation Call, string Why)>? _calls;

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
            if (TrainerThreading.IsMultiThreadedTrainer(invocation.TargetMethod)
                && TrainerThreading.WhyNondeterministic(invocation) is { } why)
            {
                System.Threading.LazyInitializer.EnsureInitialized(ref _calls, () => new())!.Enqueue((invocation, why));
            }
        }

        private void OnTypeEnd(TypeEndContext context)
        {
            if (_calls is null)
            {
                return;
            }

            foreach (var (call, why) in _calls)
            {
                var contextExpression = MlCall.ContextOf(call, _types);
                if (contextExpression is null || _seeds.Classify(contextExpression).State != SeedState.Seeded)
                {
                    continue; // Unseeded contexts are MLG1001's business; unknown ones are not reported.
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(TrainerThreading.ShapeProperty, TrainerThreading.OptionsParameter(call.TargetMethod) is null ? TrainerThreading.SimpleShape : TrainerThreading.OptionsShape)
                    .Add(TrainerThreading.LightGbmProperty, TrainerThreading.IsLightGbm(call.TargetMethod) ? "true" : "false");
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NondeterministicTrainerUnderSeed, MlCall.NameLocation(call), properties, call.TargetMethod.Name, why));
            }
        }
    }
}
