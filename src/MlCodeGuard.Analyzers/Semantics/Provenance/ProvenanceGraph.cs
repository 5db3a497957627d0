using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// The provenance graph of one operation block (a method body, top-level statements, an initializer): for every
/// IDataView value, where its rows came from; for every ITransformer, the Fit that made it, the data it was fitted on
/// and the estimator chain. Built once per block and shared by every leakage rule (<see cref="For"/>); nodes are
/// computed on first query and memoized, so equal origins are the same node object.
/// Unknown origin is an answer: <see cref="DataNode.Unknown"/> and <see cref="EstimatorChain.Opaque"/>, and no rule
/// reports on it.
/// </summary>
internal sealed class ProvenanceGraph
{
    private const int MaxDepth = 32;

    // Keyed by the block's root operation: every analyzer handed the same block gets the same graph.
    private static readonly ConditionalWeakTable<IOperation, ProvenanceGraph> Cache = new();

    private readonly object _gate = new();
    private readonly MlTypes _types;
    private readonly ValueFlow _values;
    private readonly Dictionary<IOperation, DataNode> _data = new();
    private readonly Dictionary<IOperation, TransformerNode?> _transformers = new();
    private readonly Dictionary<IOperation, SplitNode> _splits = new();
    private readonly Dictionary<object, DataNode> _sources = new();
    private readonly Dictionary<(SplitNode, PartitionSide, object?), DataNode> _partitions = new();
    private int _depth;

    private ProvenanceGraph(IOperation root, MlTypes types)
    {
        Root = root;
        _types = types;
        _values = new ValueFlow(root);
        var invocations = ImmutableArray.CreateBuilder<IInvocationOperation>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation)
            {
                invocations.Add(invocation);
            }
        }

        Invocations = invocations.ToImmutable();
    }

    public IOperation Root { get; }

    public MlTypes Types => _types;

    /// <summary>Every invocation of the block, in source order (splits, fits and evaluations are among them).</summary>
    public ImmutableArray<IInvocationOperation> Invocations { get; }

    /// <summary>The graph of the block that holds <paramref name="operation"/>.</summary>
    public static ProvenanceGraph For(IOperation operation, MlTypes types)
        => Cache.GetValue(LocalFlow.Root(operation), root => new ProvenanceGraph(root, types));

    /// <summary>Where the rows of an IDataView expression came from.</summary>
    public DataNode DataOf(IOperation? expression)
    {
        lock (_gate)
        {
            return Data(expression);
        }
    }

    /// <summary>The Fit behind an ITransformer expression, or null when it is not visible.</summary>
    public TransformerNode? TransformerOf(IOperation? expression)
    {
        lock (_gate)
        {
            return Transformer(expression);
        }
    }

    /// <summary>The estimator factory calls an estimator expression is made of.</summary>
    public EstimatorChain EstimatorOf(IOperation? expression)
    {
        lock (_gate)
        {
            return Estimator(expression);
        }
    }

    /// <summary>The split a <c>TrainTestSplit</c>/<c>CrossValidationSplit</c> call makes (its input's provenance included).</summary>
    public SplitNode SplitOf(IInvocationOperation call)
    {
        lock (_gate)
        {
            return Split(call);
        }
    }

    /// <summary>
    /// Follows a local or parameter read to the expression it holds, through conversions; stops at anything else.
    /// Returns null when the value is unknown.
    /// </summary>
    public IOperation? Resolve(IOperation? expression)
    {
        lock (_gate)
        {
            return ResolveCore(expression);
        }
    }

    private IOperation? ResolveCore(IOperation? expression)
    {
        for (var i = 0; i < MaxDepth; i++)
        {
            expression = MlCall.Unwrap(expression);
            if (expression is ILocalReferenceOperation or IParameterReferenceOperation)
            {
                var value = _values.ValueAt(expression);
                if (ReferenceEquals(value, expression))
                {
                    return expression;
                }

                expression = value;
                continue;
            }

            return expression;
        }

        return null;
    }

    private DataNode Data(IOperation? expression)
    {
        expression = MlCall.Unwrap(expression);
        if (expression is null || _depth > MaxDepth)
        {
            return DataNode.Unknown;
        }

        if (_data.TryGetValue(expression, out var known))
        {
            return known;
        }

        // Guards recursion through cyclic assignments (`a = b; b = a;`) in code the user is still typing.
        _data[expression] = DataNode.Unknown;
        _depth++;
        try
        {
            var node = Compute(expression);
            _data[expression] = node;
            return node;
        }
        finally
        {
            _depth--;
        }
    }

    private DataNode Compute(IOperation expression)
    {
        switch (expression)
        {
            case ILocalReferenceOperation:
                return Data(_values.ValueAt(expression));
            case IParameterReferenceOperation parameter:
                var value = _values.ValueAt(expression);
                return ReferenceEquals(value, expression) ? SourceFor(parameter.Parameter, expression, parameter.Parameter.Name) : Data(value);
            case IFieldReferenceOperation field when (field.Instance is null or IInstanceReferenceOperation) && StableFields.IsStable(field.Field, field.Syntax):
                return SourceFor(field.Field, expression, field.Field.Name);
            case IFieldReferenceOperation { Field.Name: "TrainSet" or "TestSet" } member:
                return PartitionFor(member, member.Instance, member.Field.Name);
            case IPropertyReferenceOperation { Property.Name: "TrainSet" or "TestSet" } member:
                return PartitionFor(member, member.Instance, member.Property.Name);
            case IInvocationOperation invocation:
                return DataOfCall(invocation);
            default:
                return DataNode.Unknown;
        }
    }

    private DataNode DataOfCall(IInvocationOperation invocation)
    {
        if (MlApi.IsLoader(invocation, _types))
        {
            return SourceFor(invocation, invocation, Text(invocation));
        }

        if (MlApi.RowOperationKeepsAllRows(invocation, _types) is { } keepsAll)
        {
            var input = Data(FirstDataArgument(invocation));
            return keepsAll ? DataNode.SameRows(invocation, input, null, Text(invocation)) : DataNode.Subset(invocation, input, Text(invocation));
        }

        if (MlApi.IsTransform(invocation, _types))
        {
            var input = Data(invocation.Arguments[0].Value);
            var transformer = Transformer(invocation.Instance);
            return DataNode.SameRows(invocation, input, transformer, Text(invocation));
        }

        return DataNode.Unknown;
    }

    private IOperation? FirstDataArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (_types.IsDataView(argument.Parameter?.Type))
            {
                return argument.Value;
            }
        }

        return null;
    }

    private DataNode SourceFor(object identity, IOperation operation, string label)
    {
        if (!_sources.TryGetValue(identity, out var node))
        {
            _sources[identity] = node = DataNode.Source(operation, identity, label);
        }

        return node;
    }

    /// <summary><c>split.TrainSet</c>, <c>folds[0].TestSet</c>, <c>fold.TrainSet</c> in <c>foreach (var fold in folds)</c>.</summary>
    private DataNode PartitionFor(IOperation member, IOperation? instance, string name)
    {
        var side = name == "TrainSet" ? PartitionSide.Train : PartitionSide.Test;
        object? foldKey = null;
        var splitExpression = MlCall.Unwrap(instance);
        if (splitExpression is ILocalReferenceOperation local && _values.ValueAt(splitExpression) is IForEachLoopOperation loop)
        {
            foldKey = local.Local;
            splitExpression = loop.Collection;
        }
        else if (splitExpression is IPropertyReferenceOperation { Arguments.Length: 1 } indexer)
        {
            // folds[0]: a constant index names one fold; any other index could be any fold.
            if (MlCall.Unwrap(indexer.Arguments[0].Value)?.ConstantValue is not { HasValue: true, Value: int index })
            {
                return DataNode.Unknown;
            }

            foldKey = index;
            splitExpression = indexer.Instance;
        }

        if (ResolveCore(splitExpression) is not IInvocationOperation call || MlCall.Classify(call, _types) is not (MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit))
        {
            return DataNode.Unknown;
        }

        var split = Split(call);
        if (split.IsCrossValidation != (foldKey is not null))
        {
            return DataNode.Unknown;
        }

        var key = (split, side, foldKey);
        if (!_partitions.TryGetValue(key, out var node))
        {
            _partitions[key] = node = DataNode.Partition(member, split, side, foldKey, Text(member));
        }

        return node;
    }

    private SplitNode Split(IInvocationOperation call)
    {
        if (!_splits.TryGetValue(call, out var split))
        {
            _splits[call] = split = new SplitNode(call, DataNode.Unknown, MlCall.Classify(call, _types) == MlCallKind.CrossValidationSplit);
            split = new SplitNode(call, Data(FirstDataArgument(call)), split.IsCrossValidation);
            _splits[call] = split;
        }

        return split;
    }

    private TransformerNode? Transformer(IOperation? expression)
    {
        expression = ResolveCore(expression);
        if (expression is null || _depth > MaxDepth)
        {
            return null;
        }

        if (_transformers.TryGetValue(expression, out var known))
        {
            return known;
        }

        _transformers[expression] = null;
        _depth++;
        try
        {
            TransformerNode? node = null;
            switch (expression)
            {
                case IInvocationOperation invocation when _types.IsEstimatorFit(invocation.TargetMethod) && invocation.Arguments.Length > 0:
                    // Fit(train) or a trainer's Fit(train, validation): the model is fitted on the first.
                    node = new TransformerNode(invocation, Data(invocation.Arguments[0].Value), Estimator(invocation.Instance));
                    break;
                case IMemberReferenceOperation { Member.Name: "LastTransformer" } last:
                    // The last transformer of a fitted chain was fitted on what the chain's earlier steps made of the same rows.
                    node = Transformer(last.Instance);
                    break;
            }

            _transformers[expression] = node;
            return node;
        }
        finally
        {
            _depth--;
        }
    }

    private EstimatorChain Estimator(IOperation? expression)
    {
        expression = ResolveCore(expression);
        if (expression is null || _depth > MaxDepth)
        {
            return EstimatorChain.Opaque;
        }

        _depth++;
        try
        {
            switch (expression)
            {
                case IInvocationOperation invocation when MlApi.IsAppend(invocation, _types):
                    // Instance EstimatorChain.Append(estimator) or the extension Append(start, estimator).
                    return invocation.Instance is not null
                        ? Estimator(invocation.Instance).Concat(Estimator(invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null))
                        : invocation.Arguments.Length >= 2
                            ? Estimator(invocation.Arguments[0].Value).Concat(Estimator(invocation.Arguments[1].Value))
                            : EstimatorChain.Opaque;
                case IInvocationOperation invocation when MlApi.IsAppendCacheCheckpoint(invocation):
                    return Estimator(MlApi.Receiver(invocation));
                case IInvocationOperation invocation when _types.ImplementsEstimator(invocation.TargetMethod.ReturnType) && MlTypes.IsFromMlNet(invocation.TargetMethod):
                    return new EstimatorChain(ImmutableArray.Create(invocation), true);
                case IObjectCreationOperation { Arguments.Length: 0 } creation when creation.Type is INamedTypeSymbol { Name: "EstimatorChain" }:
                    return EstimatorChain.Empty;
                default:
                    return EstimatorChain.Opaque;
            }
        }
        finally
        {
            _depth--;
        }
    }

    private static string Text(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
