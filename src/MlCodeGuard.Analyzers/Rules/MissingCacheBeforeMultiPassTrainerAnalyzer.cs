using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG4005: a multi-pass trainer (SDCA, L-BFGS, AveragedPerceptron, LinearSvm, OnlineGradientDescent, KMeans) whose
/// rows come, uncached, from a file loader or an expensive featurizer: every pass reads and featurizes them again.
/// </summary>
public sealed class MissingCacheBeforeMultiPassTrainerAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the source text of the MLContext the trainer is created from, for the fix.</summary>
    public const string ContextProperty = "Context";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingCacheBeforeMultiPassTrainer);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (call.TargetMethod.Name != "Fit" || !types.Ml.IsEstimatorFit(call.TargetMethod) || call.Instance is not { } estimator || call.Arguments.Length == 0)
        {
            return;
        }

        // Walk the chain in order: a checkpoint caches what came before it, an expensive step makes it costly again.
        var uncached = TrainerCost.UncachedSource(call.Arguments[0].Value, types);
        foreach (var node in ChainSteps.Of(estimator, types))
        {
            if (node.IsCheckpoint)
            {
                uncached = null;
            }
            else if (node.Entry is not { } entry || node.Call is not { } step)
            {
                continue;
            }
            else if (!entry.IsTrainer)
            {
                if (TrainerCost.IsExpensive(entry))
                {
                    uncached = $"'{entry.Method}' recomputes";
                }
            }
            else if (uncached is not null && TrainerCost.IsMultiPass(entry))
            {
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (MlCall.ContextOf(step, types.Ml) is { } ml && ml.Syntax.ToString() is { Length: > 0 } contextText)
                {
                    properties = properties.Add(ContextProperty, contextText);
                }

                report(Diagnostic.Create(Descriptors.MissingCacheBeforeMultiPassTrainer, MlCall.NameLocation(step), properties, entry.Method, uncached));
            }
        }
    }
}
