using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// A place where a model is measured: <c>ml.X.Evaluate(model.Transform(data))</c> or
/// <c>ml.X.PermutationFeatureImportance(model, data)</c>, with the model's Fit and the rows it is measured on.
/// </summary>
internal sealed class EvaluationSite
{
    private EvaluationSite(IInvocationOperation call, TransformerNode model, IOperation modelExpression, DataNode data, IOperation dataExpression)
    {
        Call = call;
        Model = model;
        ModelExpression = modelExpression;
        Data = data;
        DataExpression = dataExpression;
    }

    public IInvocationOperation Call { get; }

    /// <summary>The model measured, with its Fit.</summary>
    public TransformerNode Model { get; }

    /// <summary>How the user wrote the model (<c>model</c> in <c>model.Transform(test)</c>).</summary>
    public IOperation ModelExpression { get; }

    /// <summary>The rows the model is measured on (the scored data, whose rows are those of the data it transformed).</summary>
    public DataNode Data { get; }

    /// <summary>The data expression the model transforms (<c>test</c> in <c>model.Transform(test)</c>), or PFI's data argument.</summary>
    public IOperation DataExpression { get; }

    /// <summary>The evaluations at a call: an Evaluate/PFI call's one, or those a helper method runs.</summary>
    public static System.Collections.Immutable.ImmutableArray<EvaluationSite> At(IInvocationOperation call, ProvenanceGraph graph)
        => TryCreate(call, graph) is { } site ? System.Collections.Immutable.ImmutableArray.Create(site) : graph.HelperEvaluations(call);

    public static EvaluationSite? TryCreate(IInvocationOperation call, ProvenanceGraph graph)
    {
        var types = graph.Types;
        if (MlApi.IsEvaluate(call, types))
        {
            var scored = graph.DataOf(call.Arguments[0].Value);
            var model = ScoringModel(scored, out var transform);
            if (model is null || transform?.Operation is not IInvocationOperation { Instance: { } instance } transformCall)
            {
                return null;
            }

            return new EvaluationSite(call, model, instance, scored, transformCall.Arguments[0].Value);
        }

        if (MlApi.IsPermutationFeatureImportance(call))
        {
            var modelArgument = MlApi.FirstArgument(call, t => MlApi.IsTransformerType(t, types) || t.AllInterfaces.Any(i => MlApi.IsTransformerType(i, types)) || t.Name.Contains("PredictionTransformer"));
            var dataArgument = MlApi.FirstArgument(call, types.IsDataView);
            if (modelArgument is null || dataArgument is null || graph.TransformerOf(modelArgument.Value) is not { } model)
            {
                return null;
            }

            return new EvaluationSite(call, model, modelArgument.Value, graph.DataOf(dataArgument.Value), dataArgument.Value);
        }

        return null;
    }

    /// <summary>
    /// An evaluation a helper method runs, seen at the helper's call: <paramref name="call"/> is the helper's call,
    /// the model and the rows are the caller's (see <see cref="ProvenanceGraph.HelperEvaluations"/>). For an Evaluate of
    /// scored rows, <paramref name="model"/> must still be the model that scored them.
    /// </summary>
    public static EvaluationSite? ForHelperCall(IInvocationOperation call, EvaluationSite inHelper, TransformerNode model, IOperation modelExpression, DataNode data, IOperation dataExpression)
    {
        if (!MlApi.IsPermutationFeatureImportance(inHelper.Call) && !ReferenceEquals(ScoringModel(data, out _), model))
        {
            return null;
        }

        return new EvaluationSite(call, model, modelExpression, data, dataExpression) { InHelper = inHelper.Call };
    }

    /// <summary>For an evaluation made inside a helper method: the Evaluate call in the helper's body (<see cref="Call"/> is the helper's call).</summary>
    public IInvocationOperation? InHelper { get; private set; }

    /// <summary>
    /// The model that scored the data: the outermost transformer whose chain holds a trainer; a transformer with an
    /// opaque chain counts only when it is the only one (a post-processing Fit on scored data is not the model).
    /// </summary>
    private static TransformerNode? ScoringModel(DataNode scored, out DataNode? transform)
    {
        transform = null;
        var stack = scored.TransformStack().ToList();
        foreach (var transformer in stack)
        {
            if (transformer.Estimator.Steps.Any(MlApi.IsTrainer))
            {
                transform = TransformNodeOf(scored, transformer);
                return transform is null ? null : transformer;
            }
        }

        if (stack.Count == 1 && !stack[0].Estimator.IsComplete)
        {
            transform = TransformNodeOf(scored, stack[0]);
            return transform is null ? null : stack[0];
        }

        return null;
    }

    private static DataNode? TransformNodeOf(DataNode scored, TransformerNode transformer)
    {
        for (var node = scored; node is not null; node = node.Input)
        {
            if (node.Kind == DataNodeKind.SameRows && ReferenceEquals(node.Transformer, transformer))
            {
                return node;
            }

            if (node.Kind is DataNodeKind.Partition or DataNodeKind.Source)
            {
                return null;
            }
        }

        return null;
    }
}
