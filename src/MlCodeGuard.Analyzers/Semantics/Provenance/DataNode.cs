using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

internal enum DataNodeKind
{
    /// <summary>Nothing is known about the rows: no leakage verdict may rest on it.</summary>
    Unknown,

    /// <summary>Rows with an identity of their own: a loader call, a parameter, a readonly field.</summary>
    Source,

    /// <summary>One side of a split (<c>TrainSet</c>/<c>TestSet</c> of a TrainTestSplit or of a cross-validation fold).</summary>
    Partition,

    /// <summary>Some of the input's rows: FilterRowsBy*, TakeRows, SkipRows, BootstrapSample.</summary>
    Subset,

    /// <summary>The input's rows, unchanged: <c>Transform</c> by a transformer, ShuffleRows, Cache.</summary>
    SameRows,

    /// <summary>
    /// The rows of several parts appended: <c>loader.Load("a.csv", "b.csv")</c>, <c>new MultiFileSource(a, b)</c>, a
    /// compound path <c>"a.csv+b.csv"</c>, <c>LoadFromEnumerable(CreateEnumerable(a).Concat(CreateEnumerable(b)))</c>.
    /// A part may be unknown: the union then holds the known parts' rows and more, nothing else is certain.
    /// </summary>
    Union,
}

internal enum PartitionSide
{
    Train,
    Test,
}

/// <summary>
/// Where one IDataView value came from. Nodes are built by <see cref="ProvenanceGraph"/> and shared: the same loader
/// call or split side always yields the same node, so reference equality of sources means "the same rows".
/// </summary>
internal sealed class DataNode
{
    private DataNode(DataNodeKind kind, IOperation? operation, string? label)
    {
        Kind = kind;
        Operation = operation;
        _label = label;
    }

    private string? _label;

    public static DataNode Unknown { get; } = new(DataNodeKind.Unknown, null, "?");

    public DataNodeKind Kind { get; }

    /// <summary>The operation that produced the value (loader or row-operation call, Transform call, split member access).</summary>
    public IOperation? Operation { get; }

    /// <summary>
    /// How the user wrote it, for messages: <c>data</c>, <c>split.TrainSet</c>. Made from the operation's syntax when first
    /// asked (only a diagnostic's message asks), not for every node the graph builds.
    /// </summary>
    public string Label => _label ??= Describe(Operation);

    /// <summary>The label as given, or null when it is to be made from the operation (copies of a node pass it on).</summary>
    internal string? GivenLabel => _label;

    private static string Describe(IOperation? operation)
    {
        var text = operation?.Syntax.ToString() ?? "?";
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    /// <summary>The identity of a <see cref="DataNodeKind.Source"/>: the loader call, or the parameter or field symbol.</summary>
    public object? Identity { get; private set; }

    public DataNode? Input { get; private set; }

    /// <summary>For <see cref="DataNodeKind.SameRows"/> produced by <c>Transform</c>: the transformer applied.</summary>
    public TransformerNode? Transformer { get; private set; }

    public SplitNode? Split { get; private set; }

    public PartitionSide Side { get; private set; }

    /// <summary>For a cross-validation fold: which fold (the foreach variable or the constant index); null for TrainTestSplit.</summary>
    public object? FoldKey { get; private set; }

    public static DataNode Source(IOperation operation, object identity, string? label)
        => new(DataNodeKind.Source, operation, label) { Identity = identity };

    public static DataNode Partition(IOperation operation, SplitNode split, PartitionSide side, object? foldKey, string? label)
        => new(DataNodeKind.Partition, operation, label) { Split = split, Side = side, FoldKey = foldKey, Input = split.Input };

    public static DataNode Subset(IOperation operation, DataNode input, string? label)
        => input.Kind == DataNodeKind.Unknown ? Unknown : new(DataNodeKind.Subset, operation, label) { Input = input };

    public static DataNode SameRows(IOperation operation, DataNode input, TransformerNode? transformer, string? label)
        => input.Kind == DataNodeKind.Unknown && transformer is null ? Unknown : new(DataNodeKind.SameRows, operation, label) { Input = input, Transformer = transformer };

    /// <summary>A union of two or more parts; unknown when no part is known (nothing could ever be said of it).</summary>
    public static DataNode Union(IOperation operation, System.Collections.Immutable.ImmutableArray<DataNode> parts, string? label)
    {
        foreach (var part in parts)
        {
            if (part.Kind != DataNodeKind.Unknown)
            {
                return new(DataNodeKind.Union, operation, label) { Parts = parts };
            }
        }

        return Unknown;
    }

    /// <summary>For a <see cref="DataNodeKind.Union"/>: its parts, in order (some may be <see cref="Unknown"/>).</summary>
    public System.Collections.Immutable.ImmutableArray<DataNode> Parts { get; private set; } = System.Collections.Immutable.ImmutableArray<DataNode>.Empty;

    /// <summary>
    /// Set on the nodes a helper summary made for one call (<see cref="HelperSummaries"/>): the call of the helper in
    /// the analyzed block, which diagnostics name as evidence.
    /// </summary>
    public Microsoft.CodeAnalysis.Operations.IInvocationOperation? Via { get; internal set; }

    /// <summary>The transformers applied to this value, outermost first (the scoring model of <c>model.Transform(x)</c> first).</summary>
    public System.Collections.Generic.IEnumerable<TransformerNode> TransformStack()
    {
        for (var node = this; node is not null; node = node.Input)
        {
            if (node.Kind == DataNodeKind.SameRows && node.Transformer is not null)
            {
                yield return node.Transformer;
            }

            if (node.Kind is DataNodeKind.Partition or DataNodeKind.Source or DataNodeKind.Unknown or DataNodeKind.Union)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The loader or other source at the root of the rows (a union: the call that loads it), or null when some step is
    /// unknown.
    /// </summary>
    public DataNode? Root()
    {
        var node = this;
        for (var depth = 0; depth < 64; depth++)
        {
            switch (node.Kind)
            {
                case DataNodeKind.Source or DataNodeKind.Union:
                    return node;
                case DataNodeKind.Unknown:
                    return null;
                default:
                    if (node.Input is null)
                    {
                        return null;
                    }

                    node = node.Input;
                    break;
            }
        }

        return null;
    }

    public override string ToString() => Kind + " " + Label;
}

/// <summary>A TrainTestSplit or CrossValidationSplit call and the data it split.</summary>
internal sealed class SplitNode
{
    public SplitNode(Microsoft.CodeAnalysis.Operations.IInvocationOperation call, DataNode input, bool isCrossValidation)
    {
        Call = call;
        Input = input;
        IsCrossValidation = isCrossValidation;
    }

    public Microsoft.CodeAnalysis.Operations.IInvocationOperation Call { get; }

    public DataNode Input { get; }

    public bool IsCrossValidation { get; }
}
