using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>The <c>[LoadColumn]</c> of a member: a single index, a range <c>(start, end)</c>, or a list of indices.</summary>
internal sealed class LoadColumnInfo
{
    public LoadColumnInfo(int[] indices, bool isRange, int start, int end)
    {
        Indices = indices;
        IsRange = isRange;
        Start = start;
        End = end;
    }

    public int[] Indices { get; }

    public bool IsRange { get; }

    public int Start { get; }

    public int End { get; }

    /// <summary>The attribute of <paramref name="member"/>, or null when it has none (or an unreadable one).</summary>
    public static LoadColumnInfo? Of(ISymbol member, SchemaTypes types)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (!SchemaTypes.Is(attribute, types.LoadColumn))
            {
                continue;
            }

            var args = attribute.ConstructorArguments;
            if (args.Length == 1 && args[0].Kind == TypedConstantKind.Array)
            {
                var indices = args[0].Values.Select(v => v.Value as int? ?? -1).Where(i => i >= 0).ToArray();
                return new LoadColumnInfo(indices, false, indices.DefaultIfEmpty().Min(), indices.DefaultIfEmpty().Max());
            }

            if (args.Length == 1 && args[0].Value is int index)
            {
                return new LoadColumnInfo(new[] { index }, false, index, index);
            }

            if (args.Length == 2 && args[0].Value is int start && args[1].Value is int end && end >= start && end - start < 100_000)
            {
                return new LoadColumnInfo(Enumerable.Range(start, end - start + 1).ToArray(), true, start, end);
            }

            return new LoadColumnInfo(new int[0], false, 0, 0);
        }

        return null;
    }
}

/// <summary>The members the text loader binds: every public instance field and property, <c>[NoColumn]</c> or not.</summary>
internal static class LoadColumns
{
    public static List<ISymbol> TextLoaderMembers(ITypeSymbol type, SchemaTypes types)
        => InputSchema.Members(type, types, includeNoColumn: true).ToList();
}
