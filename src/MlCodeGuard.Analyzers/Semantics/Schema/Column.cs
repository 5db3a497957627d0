using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>One column of a compile-time schema.</summary>
internal sealed class Column
{
    public Column(string name, ColumnType type, string origin, ISymbol? member = null)
    {
        Name = name;
        Type = type;
        Origin = origin;
        Member = member;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>Where the column comes from, for messages: "member House.Size" or "step 'Concatenate'".</summary>
    public string Origin { get; }

    /// <summary>The input-class member behind the column (also through copies and renames of it); null for computed columns.</summary>
    public ISymbol? Member { get; }

    public Column Renamed(string name, string origin) => new(name, Type, origin, Member);
}
