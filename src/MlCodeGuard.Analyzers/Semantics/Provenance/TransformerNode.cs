using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>An ITransformer value: the <c>Fit</c> that produced it, the data it was fitted on and the estimator fitted.</summary>
internal sealed class TransformerNode
{
    public TransformerNode(IInvocationOperation fit, DataNode fittedOn, EstimatorChain estimator, IInvocationOperation? via = null)
    {
        Fit = fit;
        FittedOn = fittedOn;
        Estimator = estimator;
        Via = via;
    }

    private TransformerNode(IParameterSymbol parameter)
    {
        Fit = null!;
        FittedOn = DataNode.Unknown;
        Estimator = EstimatorChain.Opaque;
        Parameter = parameter;
    }

    /// <summary>
    /// The <c>Fit</c> call. It may lie in a helper method (then <see cref="Via"/> is the helper's call); it is never null
    /// on a node a rule sees (only a summary's parameter stand-ins lack one, and they are replaced at each call).
    /// </summary>
    public IInvocationOperation Fit { get; }

    public DataNode FittedOn { get; }

    public EstimatorChain Estimator { get; }

    /// <summary>The call of the helper method whose body made this model, or null when the Fit is in the analyzed block.</summary>
    public IInvocationOperation? Via { get; }

    /// <summary>In a helper's summary only: the transformer is the value of this parameter of the helper.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The stand-in for a transformer parameter of a helper, while its summary is built.</summary>
    public static TransformerNode ForParameter(IParameterSymbol parameter) => new(parameter);
}

/// <summary>
/// The estimator factory calls of an <c>Append</c> chain, in order (<c>ml.Transforms.Concatenate(...)</c>,
/// <c>ml.Regression.Trainers.Sdca(...)</c>). <see cref="IsComplete"/> is false when some part of the chain could not be
/// followed (a parameter, a field, a helper method with no summary): rules that need the whole chain stay quiet then.
/// A chain a helper of the same type returns is followed (<see cref="HelperSummaries"/>): its steps are calls in the helper's body.
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
