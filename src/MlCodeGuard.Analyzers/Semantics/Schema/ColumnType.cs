using System;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>Item types, spelled as ML.NET prints them (<c>DataViewType.ToString()</c>).</summary>
internal enum ItemKind
{
    Unknown,
    Single,
    Double,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Boolean,
    String,
    DateTime,
    DateTimeOffset,
    TimeSpan,

    /// <summary><c>Key&lt;UInt32&gt;</c>: the result of <c>MapValueToKey</c>, hashing or <c>[KeyType]</c>.</summary>
    Key,
}

internal enum Shape
{
    Scalar,

    /// <summary>A vector whose size is known to ML.NET (its number may still be unknown to us).</summary>
    KnownVector,

    /// <summary>A variable-length vector: an array member without <c>[VectorType(n)]</c>.</summary>
    VarVector,
}

/// <summary>A column's type as far as it can be known at compile time.</summary>
internal readonly struct ColumnType : IEquatable<ColumnType>
{
    public ColumnType(ItemKind item, Shape shape = Shape.Scalar, int size = 0)
    {
        Item = item;
        Shape = shape;
        Size = shape == Shape.KnownVector ? size : 0;
    }

    public static ColumnType Unknown => new(ItemKind.Unknown);

    public ItemKind Item { get; }

    public Shape Shape { get; }

    /// <summary>The vector size when it is known to us; 0 otherwise.</summary>
    public int Size { get; }

    public bool IsVector => Shape != Shape.Scalar;

    public bool IsKnown => Item != ItemKind.Unknown;

    public bool IsNumeric => Item is ItemKind.Single or ItemKind.Double or ItemKind.SByte or ItemKind.Byte or ItemKind.Int16
        or ItemKind.UInt16 or ItemKind.Int32 or ItemKind.UInt32 or ItemKind.Int64 or ItemKind.UInt64;

    public ColumnType WithItem(ItemKind item) => new(item, Shape, Size);

    public ColumnType AsKnownVector() => Shape == Shape.Scalar ? new(Item, Shape.KnownVector, 1) : this;

    public bool Equals(ColumnType other) => Item == other.Item && Shape == other.Shape && Size == other.Size;

    public override bool Equals(object? obj) => obj is ColumnType other && Equals(other);

    public override int GetHashCode() => ((int)Item * 31 + (int)Shape) * 31 + Size;

    /// <summary>ML.NET's spelling: <c>Single</c>, <c>Key&lt;UInt32&gt;</c>, <c>Vector&lt;Single, 3&gt;</c>, <c>VarVector&lt;Single&gt;</c>.</summary>
    public override string ToString()
    {
        var item = Item switch
        {
            ItemKind.Key => "Key<UInt32>",
            ItemKind.Unknown => "?",
            _ => Item.ToString(),
        };
        return Shape switch
        {
            Shape.KnownVector => Size > 0 ? $"Vector<{item}, {Size}>" : $"Vector<{item}>",
            Shape.VarVector => $"VarVector<{item}>",
            _ => item,
        };
    }
}
