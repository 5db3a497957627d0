using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>An ITransformer value: the <c>Fit</c> that produced it, the data it was fitted on and the estimator fitted.</summary>
internal sealed class TransformerNode
{
    public TransformerNode(IInvocationOperation fit, DataNode fittedOn, EstimatorChain estimator)
    {
        Fit = fit;
        FittedOn = fittedOn;
        Estimator = estimator;
    }

    public IInvocationOperation Fit { get; }

    public DataNode FittedOn { get; }

    public EstimatorChain Estimator { get; }
}

/// <summary>
/// The estimator factory calls of an <c>Append</c> chain, in order (<c>ml.Transforms.Concatenate(...)</c>,
/// <c>ml.Regression.Trainers.Sdca(...)</c>). <see cref="IsComplete"/> is false when some part of the chain could not be
/// followed (a parameter, a field, a helper method): rules that need the whole chain stay quiet then.
/// </summary>
internal sealed class EstimatorChain
{
    public EstimatorChain(ImmutableArray<IInvocationOperation> steps, bool isComplete)
    {
        Steps = steps;
        IsComplete = isComplete;
    }

    public static EstimatorChain Opaque { get; } = new(ImmutableArray<IInvocationOperation>.Empty, false);

    public static EstimatorChain Empty { get; } = new(ImmutableArray<IInvocationOperation>.Empty, true);

    public ImmutableArray<IInvocationOperation> Steps { get; }

    public bool IsComplete { get; }

    public EstimatorChain Concat(EstimatorChain next) => new(Steps.AddRange(next.Steps), IsComplete && next.IsComplete);
}
