using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// What a helper method of the analyzed type does with ML.NET values, in terms of its parameters: its result ("a
/// transformer fitted on parameter #1", "a fresh load", "the test side of a split of parameter #1", a tuple of such)
/// and the evaluations, fits and splits it makes. A call of the helper is then answered from its summary, not by
/// inlining its body: each summary is computed once (from the helper's own provenance graph, built in summary mode)
/// and reused at every call. Recursion, virtual dispatch, bodies not seen in the type and anything else not recognised give no summary,
/// and the call stays unknown.
/// </summary>
/// <remarks>
/// The bodies come from the type's symbol-start scope (<see cref="LeakageRuleHost"/>): an analyzer may not ask the
/// compilation for another method's operations, so only helpers declared in the same type (partial declarations
/// included) are seen. Helpers of other types stay unknown.
/// </remarks>
internal sealed class HelperSummaries
{
    private readonly object _gate = new();
    private readonly MlTypes _types;
    private readonly Dictionary<IMethodSymbol, IOperation> _bodies;
    private readonly Dictionary<IMethodSymbol, HelperSummary?> _summaries = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _inProgress = new(SymbolEqualityComparer.Default);

    public HelperSummaries(MlTypes types, Dictionary<IMethodSymbol, IOperation> bodies)
    {
        _types = types;
        _bodies = bodies;
    }

    /// <summary>
    /// A method worth a summary: ordinary (no virtual dispatch), and its signature takes or returns an IDataView, an
    /// ITransformer, an estimator, a split or a tuple of those. Everything else is never asked about.
    /// </summary>
    public static bool IsCandidate(IMethodSymbol method, MlTypes types)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern)
        {
            return false;
        }

        if (IsMlType(method.ReturnType, types))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsMlType(parameter.Type, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMlType(ITypeSymbol type, MlTypes types)
    {
        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            return tuple.TupleElements.Any(e => IsMlType(e.Type, types));
        }

        return types.IsDataView(type) || MlApi.IsTransformerType(type, types) || types.ImplementsEstimator(type) || IsSplitResult(type);
    }

    private static bool IsSplitResult(ITypeSymbol type) => type is INamedTypeSymbol { Name: "TrainTestData" } && MlTypes.IsFromMlNet(type);

    /// <summary>The body's key: the definition of a generic or partial method.</summary>
    public static IMethodSymbol KeyOf(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        return method.PartialDefinitionPart ?? method;
    }

    /// <summary>The summary of the helper a call targets, or null when there is none (not a helper of the type, recursive, unknown).</summary>
    public HelperSummary? For(IMethodSymbol target)
    {
        var key = KeyOf(target);
        IOperation? body;
        lock (_gate)
        {
            if (_summaries.TryGetValue(key, out var known))
            {
                return known;
            }

            if (!_bodies.TryGetValue(key, out body) || !_inProgress.Add(key))
            {
                return null; // not seen in this type, or a recursive call: unknown.
            }
        }

        HelperSummary? summary;
        try
        {
            summary = Build(key, body!);
        }
        finally
        {
            lock (_gate)
            {
                _inProgress.Remove(key);
            }
        }

        lock (_gate)
        {
            _summaries[key] = summary;
        }

        return summary;
    }

    private HelperSummary? Build(IMethodSymbol method, IOperation body)
    {
        var graph = ProvenanceGraph.ForSummary(body, _types, this, method);
        var result = ResultOf(method, body, graph);
        var evaluations = ImmutableArray.CreateBuilder<EvaluationSite>();
        var splits = ImmutableArray.CreateBuilder<SplitNode>();
        var fits = ImmutableArray.CreateBuilder<HelperFit>();
        foreach (var invocation in graph.Invocations)
        {
            if (IsDeferred(invocation, body))
            {
                continue;
            }

            if ((MlApi.IsEvaluate(invocation, _types) || MlApi.IsPermutationFeatureImportance(invocation))
                && EvaluationSite.TryCreate(invocation, graph) is { } site)
            {
                evaluations.Add(site);
            }
            else if (_types.IsEstimatorFit(invocation.TargetMethod) && graph.TransformerOf(invocation) is { } fitted)
            {
                fits.Add(new HelperFit(invocation, fitted, graph.DataArguments(invocation)));
            }
            else if (MlCall.Classify(invocation, _types) is MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit)
            {
                var split = graph.SplitOf(invocation);
                if (split.Input.Kind != DataNodeKind.Unknown)
                {
                    splits.Add(split);
                }
            }
        }

        if (result is null && evaluations.Count == 0 && splits.Count == 0 && fits.Count == 0)
        {
            return null;
        }

        return new HelperSummary(method, result, evaluations.ToImmutable(), splits.ToImmutable(), fits.ToImmutable());
    }

    /// <summary>The value every <c>return</c> of the body gives, when they all give the same node; null otherwise.</summary>
    private object? ResultOf(IMethodSymbol method, IOperation body, ProvenanceGraph graph)
    {
        if (method.ReturnsVoid)
        {
            return null;
        }

        object? result = null;
        var any = false;
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is not IReturnOperation { ReturnedValue: { } value } || IsDeferred(operation, body))
            {
                continue;
            }

            var node = ValueOf(method.ReturnType, value, graph);
            if (node is null || (any && !ReferenceEquals(node, result)))
            {
                return null; // an unknown return, or two returns with different values.
            }

            result = node;
            any = true;
        }

        return result;
    }

    /// <summary>What one returned expression is: a data node, a transformer, a split, an estimator chain, or a tuple of those.</summary>
    private object? ValueOf(ITypeSymbol type, IOperation value, ProvenanceGraph graph)
    {
        if (type is INamedTypeSymbol { IsTupleType: true } tupleType)
        {
            if (graph.Resolve(value) is not ITupleOperation tuple || tuple.Elements.Length != tupleType.TupleElements.Length)
            {
                return null;
            }

            var elements = new object?[tuple.Elements.Length];
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = ValueOf(tupleType.TupleElements[i].Type, tuple.Elements[i], graph);
            }

            return elements.Any(e => e is not null) ? new HelperTuple(tuple, elements.ToImmutableArray()) : null;
        }

        if (_types.IsDataView(type))
        {
            var data = graph.DataOf(value);
            return data.Kind == DataNodeKind.Unknown ? null : data;
        }

        if (MlApi.IsTransformerType(type, _types))
        {
            return graph.TransformerOf(value);
        }

        if (IsSplitResult(type))
        {
            return graph.Resolve(value) is IInvocationOperation call && MlCall.Classify(call, _types) == MlCallKind.TrainTestSplit ? graph.SplitOf(call) : null;
        }

        if (_types.ImplementsEstimator(type))
        {
            var chain = graph.EstimatorOf(value);
            return chain.IsComplete ? chain : null;
        }

        return null;
    }

    /// <summary>Inside a lambda or local function of the body: may run any number of times, or never.</summary>
    private static bool IsDeferred(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The summary of one helper method (see <see cref="HelperSummaries"/>).</summary>
internal sealed class HelperSummary
{
    public HelperSummary(IMethodSymbol method, object? result, ImmutableArray<EvaluationSite> evaluations, ImmutableArray<SplitNode> splits, ImmutableArray<HelperFit> fits)
    {
        Method = method;
        Result = result;
        Evaluations = evaluations;
        Splits = splits;
        Fits = fits;
    }

    public IMethodSymbol Method { get; }

    /// <summary>
    /// The result in terms of the helper's parameters: a <see cref="DataNode"/>, a <see cref="TransformerNode"/>, a
    /// <see cref="SplitNode"/>, an <see cref="EstimatorChain"/>, a <see cref="HelperTuple"/>; null when unknown.
    /// Nodes that stand for a parameter (a parameter source, <see cref="TransformerNode.ForParameter"/>) are replaced
    /// by the caller's arguments at each call.
    /// </summary>
    public object? Result { get; }

    /// <summary>The Evaluate and PermutationFeatureImportance calls the helper makes on every call.</summary>
    public ImmutableArray<EvaluationSite> Evaluations { get; }

    /// <summary>The TrainTestSplit and CrossValidationSplit calls the helper makes of known rows on every call.</summary>
    public ImmutableArray<SplitNode> Splits { get; }

    /// <summary>The Fit calls the helper makes on every call, with the rows each data argument holds.</summary>
    public ImmutableArray<HelperFit> Fits { get; }
}

/// <summary>
/// A Fit a helper makes: the transformer it produces and the rows of its data arguments (training rows first, then a
/// trainer's validation rows). In a summary these are in terms of the helper's parameters; from
/// <see cref="ProvenanceGraph.HelperFits"/> they are the caller's.
/// </summary>
internal sealed class HelperFit
{
    public HelperFit(IInvocationOperation fit, TransformerNode model, ImmutableArray<(DataNode Rows, IOperation Expression)> data)
    {
        Fit = fit;
        Model = model;
        Data = data;
    }

    /// <summary>The Fit call in the helper's body.</summary>
    public IInvocationOperation Fit { get; }

    public TransformerNode Model { get; }

    /// <summary>Each data argument's rows, and the expression that stands for it (the caller's argument when it is a parameter).</summary>
    public ImmutableArray<(DataNode Rows, IOperation Expression)> Data { get; }
}

/// <summary>A tuple a helper returns: one summarised value (or null) per element.</summary>
internal sealed class HelperTuple
{
    public HelperTuple(ITupleOperation tuple, ImmutableArray<object?> elements)
    {
        Tuple = tuple;
        Elements = elements;
    }

    public ITupleOperation Tuple { get; }

    public ImmutableArray<object?> Elements { get; }
}
