using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG3012: <c>chain.Append(step);</c> as a statement. Estimator chains are immutable, so the step is lost; when the
/// lost step is a trainer the diagnostic is an error (the model has no Score column).
/// </summary>
public sealed class AppendResultDiscardedAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: "true" when the dropped step is a trainer.</summary>
    public const string TrainerProperty = "Trainer";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AppendResultDiscarded);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        var types = ml.Schema;
        start.RegisterOperationAction(c => OnStatement(c, types), OperationKind.ExpressionStatement);
    }

    private static void OnStatement(OperationAnalysisContext context, SchemaTypes types)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        if (statement.Operation is not IInvocationOperation invocation || !IsChainAppend(invocation, types.Ml))
        {
            return;
        }

        string what;
        var isTrainer = false;
        if (invocation.TargetMethod.Name == "AppendCacheCheckpoint")
        {
            what = "the cache checkpoint";
        }
        else
        {
            var estimator = MlCall.Unwrap(MlCall.Argument(invocation, "estimator")?.Value);
            if (estimator is ILocalReferenceOperation local && LocalFlow.SingleAssignedValue(local) is { } assigned)
            {
                estimator = MlCall.Unwrap(assigned);
            }

            isTrainer = estimator is not null && MlApi.IsTrainerType(estimator.Type);
            var name = estimator is IInvocationOperation step ? "'" + step.TargetMethod.Name + "'" : "the appended estimator";
            what = isTrainer ? "the trainer " + name : name == "the appended estimator" ? name : "the step " + name;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(TrainerProperty, isTrainer ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.AppendResultDiscarded,
            MlCall.NameLocation(invocation),
            isTrainer ? DiagnosticSeverity.Error : Descriptors.AppendResultDiscarded.DefaultSeverity,
            additionalLocations: null,
            properties,
            invocation.TargetMethod.Name,
            what));
    }

    /// <summary><c>EstimatorChain.Append</c>, the <c>Append</c> extension on any estimator, and <c>AppendCacheCheckpoint</c>.</summary>
    internal static bool IsChainAppend(IInvocationOperation invocation, MlTypes types)
    {
        var method = invocation.TargetMethod;
        return method.Name is "Append" or "AppendCacheCheckpoint"
               && MlTypes.IsFromMlNet(method)
               && types.ImplementsEstimator(method.ReturnType);
    }
}
