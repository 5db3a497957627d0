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
    private readonly Dictionary<IInvocationOperation, CallFrame?> _frames = new();
    private readonly HelperSummaries? _helpers;
    private readonly IMethodSymbol? _summaryOf;
    private int _depth;

    private ProvenanceGraph(IOperation root, MlTypes types, HelperSummaries? helpers, IMethodSymbol? summaryOf)
    {
        Root = root;
        _types = types;
        _helpers = helpers;
        _summaryOf = summaryOf;
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

    /// <summary>
    /// The graph of the block that holds <paramref name="operation"/>; calls of the type's helper methods are answered
    /// from <paramref name="helpers"/> (the leakage rules run at the type's end, see <see cref="LeakageRuleHost"/>).
    /// </summary>
    public static ProvenanceGraph For(IOperation operation, MlTypes types, HelperSummaries? helpers = null)
        => Cache.GetValue(LocalFlow.Root(operation), root => new ProvenanceGraph(root, types, helpers, null));

    /// <summary>
    /// A graph of a helper's body for its summary, not shared with the rules: a transformer parameter of
    /// <paramref name="method"/> stands for the caller's argument (<see cref="TransformerNode.ForParameter"/>).
    /// </summary>
    internal static ProvenanceGraph ForSummary(IOperation body, MlTypes types, HelperSummaries helpers, IMethodSymbol method)
        => new(LocalFlow.Root(body), types, helpers, method);

    /// <summary>The Fits a call of a helper method makes, with the caller's models and rows.</summary>
    public ImmutableArray<HelperFit> HelperFits(IInvocationOperation call)
    {
        lock (_gate)
        {
            if (Frame(call) is not { } frame || frame.Summary.Fits.IsEmpty)
            {
                return ImmutableArray<HelperFit>.Empty;
            }

            var fits = ImmutableArray.CreateBuilder<HelperFit>(frame.Summary.Fits.Length);
            foreach (var fit in frame.Summary.Fits)
            {
                if (Instantiate(fit.Model, frame) is not { } model)
                {
                    continue;
                }

                var data = ImmutableArray.CreateBuilder<(DataNode, IOperation)>(fit.Data.Length);
                foreach (var (rows, expression) in fit.Data)
                {
                    data.Add((Instantiate(rows, frame), ArgumentOrCall(expression, frame)));
                }

                fits.Add(new HelperFit(fit.Fit, model, data.MoveToImmutable()));
            }

            return fits.ToImmutable();
        }
    }

    /// <summary>The splits a call of a helper method makes, of the caller's rows.</summary>
    public ImmutableArray<SplitNode> HelperSplits(IInvocationOperation call)
    {
        lock (_gate)
        {
            if (Frame(call) is not { } frame || frame.Summary.Splits.IsEmpty)
            {
                return ImmutableArray<SplitNode>.Empty;
            }

            var splits = ImmutableArray.CreateBuilder<SplitNode>(frame.Summary.Splits.Length);
            foreach (var split in frame.Summary.Splits)
            {
                splits.Add(Instantiate(split, frame));
            }

            return splits.MoveToImmutable();
        }
    }

    /// <summary>The evaluations a call of a helper method runs, with the caller's arguments in place of the helper's parameters.</summary>
    public ImmutableArray<EvaluationSite> HelperEvaluations(IInvocationOperation call)
    {
        lock (_gate)
        {
            if (Frame(call) is not { } frame || frame.Summary.Evaluations.IsEmpty)
            {
                return ImmutableArray<EvaluationSite>.Empty;
            }

            var sites = ImmutableArray.CreateBuilder<EvaluationSite>();
            foreach (var evaluation in frame.Summary.Evaluations)
            {
                var model = Instantiate(evaluation.Model, frame);
                var data = Instantiate(evaluation.Data, frame);
                if (model is not null && data.Kind != DataNodeKind.Unknown
                    && EvaluationSite.ForHelperCall(call, evaluation, model, ArgumentOrCall(evaluation.ModelExpression, frame), data, ArgumentOrCall(evaluation.DataExpression, frame)) is { } site)
                {
                    sites.Add(site);
                }
            }

            return sites.ToImmutable();
        }
    }

    /// <summary>Where the rows of an IDataView expression came from.</summary>
    public DataNode DataOf(IOperation? expression)
    {
        lock (_gate)
        {
            return Data(expression);
        }
    }

    /// <summary>
    /// The rows of each IDataView argument of <paramref name="call"/>, in order, with the argument's expression (for a
    /// Fit: the training rows, then a trainer's validation rows).
    /// </summary>
    public ImmutableArray<(DataNode Rows, IOperation Expression)> DataArguments(IInvocationOperation call)
    {
        lock (_gate)
        {
            var data = ImmutableArray.CreateBuilder<(DataNode, IOperation)>();
            foreach (var argument in call.Arguments)
            {
                if (_types.IsDataView(argument.Parameter?.Type))
                {
                    data.Add((Data(argument.Value), argument.Value));
                }
            }

            return data.ToImmutable();
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
            case ILocalReferenceOperation when _values.ElementAt(expression) is { } element:
                return HelperElement(element.Value, element.Element) as DataNode ?? DataNode.Unknown;
            case IFieldReferenceOperation { Field.ContainingType.IsTupleType: true } tupleField:
                return HelperElement(ResolveCore(tupleField.Instance), TupleIndex(tupleField.Field)) as DataNode ?? DataNode.Unknown;
            case ILocalReferenceOperation:
                return Data(_values.ValueAt(expression));
            case IParameterReferenceOperation parameter:
                var value = _values.ValueAt(expression);
                return ReferenceEquals(value, expression) ? SourceFor(parameter.Parameter, expression, parameter.Parameter.Name) : Data(value);
            case IFieldReferenceOperation field when FieldFlow.AssignedEarlierInBody(field) is { } assigned:
                return Data(assigned);
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
        if (Frame(invocation) is { } frame)
        {
            return frame.Summary.Result is DataNode result ? Instantiate(result, frame) : DataNode.Unknown;
        }

        if (MlApi.IsLoader(invocation, _types))
        {
            return Loaded(invocation);
        }

        if (MlApi.RowOperationKeepsAllRows(invocation, _types) is { } keepsAll)
        {
            var input = Data(FirstDataArgument(invocation));
            return keepsAll ? DataNode.SameRows(invocation, input, null, null) : DataNode.Subset(invocation, input, null);
        }

        if (MlApi.IsTransform(invocation, _types))
        {
            var input = Data(invocation.Arguments[0].Value);
            var transformer = Transformer(invocation.Instance);
            return DataNode.SameRows(invocation, input, transformer, null);
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

    private DataNode SourceFor(object identity, IOperation operation, string? label)
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

        if (ResolveCore(splitExpression) is not IInvocationOperation call)
        {
            return DataNode.Unknown;
        }

        SplitNode split;
        if (Frame(call) is { } frame)
        {
            // A helper that returns a TrainTestData: the split it makes of the caller's rows.
            if (foldKey is not null || frame.Summary.Result is not SplitNode helperSplit)
            {
                return DataNode.Unknown;
            }

            split = Instantiate(helperSplit, frame);
        }
        else if (MlCall.Classify(call, _types) is MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit)
        {
            split = Split(call);
        }
        else
        {
            return DataNode.Unknown;
        }

        if (split.IsCrossValidation != (foldKey is not null))
        {
            return DataNode.Unknown;
        }

        var key = (split, side, foldKey);
        if (!_partitions.TryGetValue(key, out var node))
        {
            _partitions[key] = node = DataNode.Partition(member, split, side, foldKey, null);
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
        if (MlCall.Unwrap(expression) is ILocalReferenceOperation local && _values.ElementAt(local) is { } element)
        {
            return HelperElement(element.Value, element.Element) as TransformerNode;
        }

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
                case IInvocationOperation invocation when Frame(invocation) is { } frame:
                    node = frame.Summary.Result is TransformerNode result ? Instantiate(result, frame) : null;
                    break;
                case IParameterReferenceOperation parameter when _summaryOf is not null && IsParameterOf(parameter.Parameter, _summaryOf)
                                                                  && MlApi.IsTransformerType(parameter.Type, _types):
                    node = TransformerNode.ForParameter(parameter.Parameter);
                    break;
                case IFieldReferenceOperation { Field.ContainingType.IsTupleType: true } tupleField:
                    node = HelperElement(ResolveCore(tupleField.Instance), TupleIndex(tupleField.Field)) as TransformerNode;
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
                case IInvocationOperation invocation when Frame(invocation) is { } frame:
                    // A helper that builds the chain: its steps are ML.NET factory calls of its body (never of a parameter).
                    return frame.Summary.Result as EstimatorChain ?? EstimatorChain.Opaque;
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

    /// <summary>The summary of the helper a call targets, with the call's memo of instantiated nodes; null when it is no helper.</summary>
    private CallFrame? Frame(IInvocationOperation call)
    {
        if (_helpers is null || MlTypes.IsFromMlNet(call.TargetMethod))
        {
            return null;
        }

        if (!_frames.TryGetValue(call, out var frame))
        {
            _frames[call] = null;
            frame = _helpers.For(call.TargetMethod) is { } summary ? new CallFrame(call, summary) : null;
            _frames[call] = frame;
        }

        return frame;
    }

    /// <summary>A summary's data node made concrete for one call: its parameters replaced by the call's arguments.</summary>
    private DataNode Instantiate(DataNode node, CallFrame frame)
    {
        if (frame.Nodes.TryGetValue(node, out var done))
        {
            return (DataNode)done;
        }

        frame.Nodes[node] = DataNode.Unknown; // guards cycles, as Data does
        DataNode result;
        switch (node.Kind)
        {
            case DataNodeKind.Source when node.Identity is IParameterSymbol parameter && IsParameterOf(parameter, frame.Summary.Method):
                result = Data(ArgumentValue(frame.Call, parameter));
                frame.Nodes[node] = result;
                return result;
            case DataNodeKind.Source when node.Identity is string
                                          || (node.Identity is IFieldSymbol field && (field.IsStatic || MlCall.Unwrap(frame.Call.Instance) is null or IInstanceReferenceOperation)):
                // A named file, or a field of the type read on this object (or a static one): the same rows wherever they are read.
                result = SourceFor(node.Identity!, node.Operation!, node.GivenLabel);
                frame.Nodes[node] = result;
                return result;
            case DataNodeKind.Source:
                // Anything else the helper loads is new rows at each call.
                result = SourceFor((frame.Call, node.Identity), node.Operation!, node.GivenLabel);
                break;
            case DataNodeKind.Partition:
                result = DataNode.Partition(node.Operation!, Instantiate(node.Split!, frame), node.Side, node.FoldKey, node.GivenLabel);
                break;
            case DataNodeKind.Subset:
                result = DataNode.Subset(node.Operation!, Instantiate(node.Input!, frame), node.GivenLabel);
                break;
            case DataNodeKind.SameRows:
                result = DataNode.SameRows(node.Operation!, node.Input is null ? DataNode.Unknown : Instantiate(node.Input, frame),
                    node.Transformer is null ? null : Instantiate(node.Transformer, frame), node.GivenLabel);
                break;
            case DataNodeKind.Union:
                var parts = ImmutableArray.CreateBuilder<DataNode>(node.Parts.Length);
                foreach (var part in node.Parts)
                {
                    parts.Add(Instantiate(part, frame));
                }

                result = DataNode.Union(node.Operation!, parts.MoveToImmutable(), node.GivenLabel);
                break;
            default:
                result = DataNode.Unknown;
                break;
        }

        if (result.Kind != DataNodeKind.Unknown)
        {
            result.Via ??= frame.Call;
        }

        frame.Nodes[node] = result;
        return result;
    }

    private SplitNode Instantiate(SplitNode split, CallFrame frame)
    {
        if (!frame.Nodes.TryGetValue(split, out var done))
        {
            frame.Nodes[split] = done = new SplitNode(split.Call, Instantiate(split.Input, frame), split.IsCrossValidation);
        }

        return (SplitNode)done;
    }

    private TransformerNode? Instantiate(TransformerNode transformer, CallFrame frame)
    {
        if (transformer.Parameter is { } parameter)
        {
            return IsParameterOf(parameter, frame.Summary.Method) ? Transformer(ArgumentValue(frame.Call, parameter)) : null;
        }

        if (!frame.Nodes.TryGetValue(transformer, out var done))
        {
            frame.Nodes[transformer] = done = new TransformerNode(transformer.Fit, Instantiate(transformer.FittedOn, frame), transformer.Estimator, frame.Call);
        }

        return (TransformerNode)done;
    }

    /// <summary>Element <paramref name="index"/> of the tuple a helper call returns, made concrete for the call.</summary>
    private object? HelperElement(IOperation? value, int index)
    {
        if (MlCall.Unwrap(value) is not IInvocationOperation call || Frame(call) is not { } frame
            || frame.Summary.Result is not HelperTuple tuple || index < 0 || index >= tuple.Elements.Length)
        {
            return null;
        }

        return tuple.Elements[index] switch
        {
            DataNode data => Instantiate(data, frame),
            TransformerNode transformer => Instantiate(transformer, frame),
            _ => null,
        };
    }

    /// <summary>
    /// For messages: the caller's argument a parameter read in a helper's body stands for (<paramref name="via"/> is the
    /// helper's call); any other expression is returned as is.
    /// </summary>
    public static IOperation CallerExpression(IOperation helperExpression, IInvocationOperation via)
        => MlCall.Unwrap(helperExpression) is IParameterReferenceOperation reference
           && IsParameterOf(reference.Parameter, HelperSummaries.KeyOf(via.TargetMethod))
           && ArgumentValue(via, reference.Parameter) is { } argument
            ? argument
            : helperExpression;

    /// <summary>The expression of the caller that a helper's expression stands for: the argument of a parameter, else the call.</summary>
    private static IOperation ArgumentOrCall(IOperation helperExpression, CallFrame frame)
        => MlCall.Unwrap(helperExpression) is IParameterReferenceOperation reference && IsParameterOf(reference.Parameter, frame.Summary.Method)
           && ArgumentValue(frame.Call, reference.Parameter) is { } argument
            ? argument
            : frame.Call;

    private static bool IsParameterOf(IParameterSymbol parameter, IMethodSymbol method)
        => parameter.ContainingSymbol is IMethodSymbol owner && SymbolEqualityComparer.Default.Equals(HelperSummaries.KeyOf(owner), method);

    /// <summary>The value the call passes for the parameter; null for an omitted (default) or params argument.</summary>
    private static IOperation? ArgumentValue(IInvocationOperation call, IParameterSymbol parameter)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == parameter.Ordinal)
            {
                return argument.ArgumentKind == ArgumentKind.Explicit ? argument.Value : null;
            }
        }

        return null;
    }

    private static int TupleIndex(IFieldSymbol field)
    {
        var target = field.CorrespondingTupleField ?? field;
        var elements = field.ContainingType.TupleElements;
        for (var i = 0; i < elements.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField ?? elements[i], target))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The rows a loader call reads. A constant file path names its rows (two loads of one file read the same rows); several
    /// paths (<c>Load("a", "b")</c>, <c>new MultiFileSource("a", "b")</c>, <c>"a+b"</c>) or enumerables appended with
    /// <c>Concat</c> make a union. Anything else is new rows of this call, as before.
    /// </summary>
    private DataNode Loaded(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name == "LoadFromEnumerable" && FirstEnumerableArgument(invocation) is { } enumerable
            && RowsOfEnumerable(enumerable, 0) is { } rows)
        {
            return rows.Count == 1
                ? DataNode.SameRows(invocation, rows[0], null, null)
                : DataNode.Union(invocation, rows.ToImmutableArray(), null);
        }

        if (FilePaths(invocation) is { } paths)
        {
            if (paths.Count == 1)
            {
                return paths[0] is { } path ? SourceFor(path, invocation, null) : SourceFor(invocation, invocation, null);
            }

            var parts = ImmutableArray.CreateBuilder<DataNode>(paths.Count);
            foreach (var path in paths)
            {
                parts.Add(path is null ? DataNode.Unknown : SourceFor(path, invocation, null));
            }

            return DataNode.Union(invocation, parts.MoveToImmutable(), null);
        }

        return SourceFor(invocation, invocation, null);
    }

    private IOperation? FirstEnumerableArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Ordinal: > 0 } || !invocation.TargetMethod.IsExtensionMethod)
            {
                if (argument.Parameter?.Type is INamedTypeSymbol { Name: "IEnumerable" })
                {
                    return argument.Value;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The data views an enumerable of rows was read from: <c>ml.Data.CreateEnumerable&lt;T&gt;(view, ...)</c>, appended with
    /// <c>Concat</c>/<c>Union</c>, through <c>ToList</c>/<c>ToArray</c>/<c>AsEnumerable</c> and locals. Null when the
    /// enumerable is anything else (a list the program builds: rows of its own).
    /// </summary>
    private List<DataNode>? RowsOfEnumerable(IOperation? expression, int depth)
    {
        if (depth > 8 || ResolveCore(expression) is not IInvocationOperation call)
        {
            return null;
        }

        var method = call.TargetMethod;
        if (method.Name == "CreateEnumerable" && MlTypes.IsFromMlNet(method))
        {
            return new List<DataNode> { Data(FirstDataArgument(call)) };
        }

        if (method.ContainingType is { Name: "Enumerable" } linq && linq.ContainingNamespace?.ToDisplayString() == "System.Linq" && call.Arguments.Length > 0)
        {
            switch (method.Name)
            {
                case "ToList" or "ToArray" or "AsEnumerable" when call.Arguments.Length == 1:
                    return RowsOfEnumerable(call.Arguments[0].Value, depth + 1);
                case "Concat" or "Union" when call.Arguments.Length == 2:
                    // A part that is not read from a data view is rows of its own: unknown for the union.
                    var parts = RowsOfEnumerable(call.Arguments[0].Value, depth + 1) ?? new List<DataNode> { DataNode.Unknown };
                    parts.AddRange(RowsOfEnumerable(call.Arguments[1].Value, depth + 1) ?? new List<DataNode> { DataNode.Unknown });
                    return parts;
            }
        }

        return null;
    }

    /// <summary>
    /// The files a loader call reads, one entry per file (null for a path not known at compile time or with wildcards);
    /// null when the call takes no file path this knows about.
    /// </summary>
    private List<string?>? FilePaths(IInvocationOperation invocation)
    {
        var paths = new List<string?>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || (invocation.TargetMethod.IsExtensionMethod && parameter.Ordinal == 0))
            {
                continue;
            }

            if (parameter.Type.SpecialType == SpecialType.System_String && parameter.Name == "path")
            {
                AddPaths(paths, MlCall.Unwrap(argument.Value));
            }
            else if (parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String } && parameter.Name == "path")
            {
                // DataLoaderExtensions.Load(loader, params string[] path)
                if (MlCall.Unwrap(argument.Value) is not IArrayCreationOperation { Initializer: { } initializer })
                {
                    return null;
                }

                foreach (var element in initializer.ElementValues)
                {
                    AddPaths(paths, MlCall.Unwrap(element));
                }
            }
            else if (parameter.Type is INamedTypeSymbol { Name: "IMultiStreamSource" })
            {
                // new MultiFileSource(a, b), inline or in a local.
                if (ResolveCore(argument.Value) is not IObjectCreationOperation { Type.Name: "MultiFileSource" } source
                    || source.Arguments.Length != 1 || MlCall.Unwrap(source.Arguments[0].Value) is not IArrayCreationOperation { Initializer: { } initializer })
                {
                    return null;
                }

                foreach (var element in initializer.ElementValues)
                {
                    AddPaths(paths, MlCall.Unwrap(element));
                }
            }
        }

        return paths.Count == 0 ? null : paths;
    }

    /// <summary>One constant path, which ML.NET's MultiFileSource splits at '+'; wildcards and folder paths are unknown files.</summary>
    private static void AddPaths(List<string?> paths, IOperation? value)
    {
        if (value?.ConstantValue is not { HasValue: true, Value: string text })
        {
            paths.Add(null);
            return;
        }

        foreach (var part in text.Split('+'))
        {
            var path = part.Trim().Replace('\\', '/');
            paths.Add(path.Length == 0 || path.IndexOfAny(new[] { '*', '?' }) >= 0 || path.EndsWith("...", System.StringComparison.Ordinal) ? null : "file:" + path);
        }
    }
}

/// <summary>One call of a helper method: its summary and the nodes made concrete for this call (each made once).</summary>
internal sealed class CallFrame
{
    public CallFrame(IInvocationOperation call, HelperSummary summary)
    {
        Call = call;
        Summary = summary;
    }

    public IInvocationOperation Call { get; }

    public HelperSummary Summary { get; }

    public Dictionary<object, object> Nodes { get; } = new();
}
