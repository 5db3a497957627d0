using System.Collections.Generic;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

internal enum RowRelation
{
    /// <summary>Not known: different sources, different subsets, an unknown step. Never a reason to report.</summary>
    Unknown,

    /// <summary>The two sides of one split: no row in common.</summary>
    Disjoint,

    /// <summary>Exactly the same rows (possibly transformed, shuffled or cached).</summary>
    Same,

    /// <summary>The first holds every row of the second and more (data vs. split.TrainSet).</summary>
    FirstContainsSecond,

    /// <summary>The second holds every row of the first and more.</summary>
    SecondContainsFirst,
}

/// <summary>
/// Compares the rows of two data values by their provenance. Each value is reduced to its path of row-changing steps
/// from its source (Transform, ShuffleRows and Cache keep the rows; splits and filters choose some): two paths that
/// agree up to where one ends are the same rows or contain each other; paths that part at the two sides of one split
/// are disjoint; anything else is unknown.
/// </summary>
internal static class RowOverlap
{
    public static RowRelation Compare(DataNode first, DataNode second) => Compare(first, second, 0);

    private static RowRelation Compare(DataNode first, DataNode second, int depth)
    {
        var relation = ComparePaths(first, second);
        return relation == RowRelation.Unknown && depth < 8 ? CompareUnion(first, second, depth) : relation;
    }

    /// <summary>
    /// A union holds every row of each of its parts: it contains what a part is or contains, and is disjoint from what
    /// every part is disjoint from (an unknown part makes that unknown).
    /// </summary>
    private static RowRelation CompareUnion(DataNode first, DataNode second, int depth)
    {
        if (RowsOf(first) is { Kind: DataNodeKind.Union } union)
        {
            var disjoint = true;
            foreach (var part in union.Parts)
            {
                var relation = Compare(part, second, depth + 1);
                if (relation is RowRelation.Same or RowRelation.FirstContainsSecond)
                {
                    return RowRelation.FirstContainsSecond;
                }

                disjoint &= relation == RowRelation.Disjoint;
            }

            if (disjoint)
            {
                return RowRelation.Disjoint;
            }
        }

        if (RowsOf(second) is { Kind: DataNodeKind.Union })
        {
            return CompareUnion(second, first, depth) switch
            {
                RowRelation.FirstContainsSecond => RowRelation.SecondContainsFirst,
                RowRelation.Disjoint => RowRelation.Disjoint,
                _ => RowRelation.Unknown,
            };
        }

        return RowRelation.Unknown;
    }

    /// <summary>The node whose rows these are, past steps that keep the rows (Transform, ShuffleRows, Cache).</summary>
    private static DataNode RowsOf(DataNode node)
    {
        for (var depth = 0; depth < 64 && node is { Kind: DataNodeKind.SameRows, Input: { } input }; depth++)
        {
            node = input;
        }

        return node;
    }

    /// <summary>
    /// When the rows are (a transform of) a union with a part that lies within the test side of a split: that test
    /// side. Fitting on it puts test rows into training (MLG2003).
    /// </summary>
    public static DataNode? TestPartOfUnion(DataNode rows)
    {
        if (RowsOf(rows) is not { Kind: DataNodeKind.Union } union)
        {
            return null;
        }

        foreach (var part in union.Parts)
        {
            for (var (current, depth) = (part, 0); current is not null && depth < 64; depth++)
            {
                if (current.Kind == DataNodeKind.Partition && current.Side == PartitionSide.Test)
                {
                    return current;
                }

                current = current.Kind == DataNodeKind.Partition ? current.Split!.Input : current.Input;
            }
        }

        return null;
    }

    private static RowRelation ComparePaths(DataNode first, DataNode second)
    {
        var a = Path(first);
        var b = Path(second);
        if (a is null || b is null)
        {
            return RowRelation.Unknown;
        }

        var common = 0;
        while (common < a.Count && common < b.Count)
        {
            var x = a[common];
            var y = b[common];
            if (ReferenceEquals(x, y))
            {
                common++;
                continue;
            }

            if (x.Kind == DataNodeKind.Partition && y.Kind == DataNodeKind.Partition && ReferenceEquals(x.Split, y.Split)
                && Equals(x.FoldKey, y.FoldKey) && x.Side != y.Side)
            {
                return RowRelation.Disjoint;
            }

            return RowRelation.Unknown;
        }

        if (a.Count == b.Count)
        {
            return RowRelation.Same;
        }

        return a.Count < b.Count ? RowRelation.FirstContainsSecond : RowRelation.SecondContainsFirst;
    }

    /// <summary>True when the two values may share rows for certain (same rows or one contains the other).</summary>
    public static bool Overlaps(RowRelation relation) => relation is RowRelation.Same or RowRelation.FirstContainsSecond or RowRelation.SecondContainsFirst;

    /// <summary>
    /// The row-choosing steps from the source: the source (or, for a split of unknown data, the split's first
    /// partition node standing in for "the split's input"), then each partition and subset. Null when unknown.
    /// </summary>
    private static List<DataNode>? Path(DataNode node)
    {
        var steps = new List<DataNode>();
        var current = node;
        for (var depth = 0; depth < 64; depth++)
        {
            switch (current.Kind)
            {
                case DataNodeKind.Source or DataNodeKind.Union:
                    // A union is a root of its own: splits of it compare with each other; with its parts, see CompareUnion.
                    steps.Add(current);
                    steps.Reverse();
                    return steps;
                case DataNodeKind.Partition:
                    steps.Add(current);
                    if (current.Split!.Input.Kind == DataNodeKind.Unknown)
                    {
                        // Both sides of one split of unknown rows still compare: the split stands in for its input.
                        steps.Add(SplitAnchor(current.Split));
                        steps.Reverse();
                        return steps;
                    }

                    current = current.Split.Input;
                    break;
                case DataNodeKind.Subset:
                    steps.Add(current);
                    current = current.Input!;
                    break;
                case DataNodeKind.SameRows when current.Input is not null:
                    current = current.Input;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SplitNode, DataNode> Anchors = new();

    private static DataNode SplitAnchor(SplitNode split)
        => Anchors.GetValue(split, s => DataNode.Source(s.Call, s, "split input"));
}
