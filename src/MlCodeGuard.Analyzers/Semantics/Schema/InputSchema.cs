using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>
/// The columns ML.NET derives from an input class (<c>SchemaDefinition.Create</c>): its public instance fields and
/// readable properties, except <c>[NoColumn]</c> ones; named by <c>[ColumnName]</c> or the member name; typed by the
/// member type, <c>[VectorType]</c> and <c>[KeyType]</c>.
/// </summary>
internal static class InputSchema
{
    /// <param name="textLoader">
    /// True for <c>LoadFromTextFile&lt;T&gt;</c> / <c>CreateTextLoader&lt;T&gt;</c>: the loader sizes an array column from
    /// its <c>[LoadColumn]</c> (a range <c>(a, b)</c> is a known-size vector of b - a + 1 even without
    /// <c>[VectorType]</c>; a single index is a scalar), as ML.NET 5.0.1 does when run.
    /// </param>
    public static SchemaState For(ITypeSymbol type, SchemaTypes types, bool textLoader = false)
    {
        var state = SchemaState.Empty;
        if (type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Interface || type.SpecialType != SpecialType.None)
        {
            return state.Open($"the row type '{type.Name}' is not a class whose members can be read");
        }

        if (IsDeclaredTwice(type))
        {
            return state.Open($"the row type '{type.Name}' is declared more than once, so its members are not known");
        }

        string? unresolved = null;
        foreach (var member in Members(type, types))
        {
            var name = ColumnName(member, types);
            var columnType = TypeOf(member, types);
            if (HasUnresolvedAttribute(member))
            {
                unresolved ??= member.Name;
                columnType = ColumnType.Unknown; // no type rule may judge it
            }

            if (textLoader && columnType.IsVector && LoadColumnInfo.Of(member, types) is { } load && VectorSize(member, types) is null)
            {
                columnType = load.IsRange || load.Indices.Length > 1
                    ? new ColumnType(columnType.Item, Shape.KnownVector, load.Indices.Length)
                    : new ColumnType(columnType.Item);
            }

            state = state.With(new Column(name, columnType, $"member {type.Name}.{member.Name}", member));
        }

        return unresolved is null ? state : state.Open($"an attribute of '{type.Name}.{unresolved}' does not resolve, so its column is not known");
    }

    /// <summary>
    /// Whether <paramref name="type"/> has two declarations that are not both partial (CS0101, e.g. an old copy of a
    /// class left beside the new one): the compiler merges their members, duplicates included, into one type that
    /// does not exist as written, so no rule may judge its members.
    /// </summary>
    public static bool IsDeclaredTwice(ITypeSymbol type)
    {
        var references = type.DeclaringSyntaxReferences;
        if (references.Length < 2)
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an attribute of <paramref name="member"/> does not resolve (a missing <c>using</c> or reference, or an
    /// attribute of another ML.NET version such as 0.x's <c>[Column("0")]</c>): it may name, size, type or exclude the
    /// member's column, so what ML.NET makes of the member is not known and no rule may guess.
    /// </summary>
    public static bool HasUnresolvedAttribute(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is null or { TypeKind: TypeKind.Error })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The members ML.NET turns into columns, base-class members included, in declaration order.</summary>
    public static IEnumerable<ISymbol> Members(ITypeSymbol type, SchemaTypes types, bool includeNoColumn = false)
    {
        var seen = new HashSet<string>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared || !seen.Add(member.Name))
                {
                    continue;
                }

                var isColumn = member switch
                {
                    IFieldSymbol field => !field.IsConst,
                    IPropertySymbol property => !property.IsIndexer && property.GetMethod is not null,
                    _ => false,
                };
                if (isColumn && (includeNoColumn || !member.GetAttributes().Any(a => SchemaTypes.Is(a, types.NoColumn))))
                {
                    yield return member;
                }
            }
        }
    }

    public static string ColumnName(ISymbol member, SchemaTypes types)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (SchemaTypes.Is(attribute, types.ColumnName) && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return member.Name;
    }

    public static ITypeSymbol? MemberType(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    public static ColumnType TypeOf(ISymbol member, SchemaTypes types)
    {
        var memberType = MemberType(member);
        if (memberType is null)
        {
            return ColumnType.Unknown;
        }

        var attributes = member.GetAttributes();
        var isKey = attributes.Any(a => SchemaTypes.Is(a, types.KeyType));
        ITypeSymbol item = memberType;
        var shape = Shape.Scalar;
        if (memberType is IArrayTypeSymbol array)
        {
            item = array.ElementType;
            shape = Shape.VarVector;
        }
        else if (memberType is INamedTypeSymbol { Arity: 1 } generic && types.VBuffer is not null
                 && SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, types.VBuffer))
        {
            item = generic.TypeArguments[0];
            shape = Shape.VarVector;
        }

        var size = 0;
        if (shape == Shape.VarVector && VectorSize(member, types) is { } dimensions)
        {
            shape = Shape.KnownVector;
            size = dimensions;
        }

        var kind = isKey ? ItemKind.Key : ItemOf(item, types);
        return new ColumnType(kind, shape, size);
    }

    /// <summary>The product of <c>[VectorType(dims)]</c>'s dimensions; null without the attribute or with no dimensions.</summary>
    public static int? VectorSize(ISymbol member, SchemaTypes types)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (!SchemaTypes.Is(attribute, types.VectorType) || attribute.ConstructorArguments.Length != 1)
            {
                continue;
            }

            var argument = attribute.ConstructorArguments[0];
            var dimensions = argument.Kind == TypedConstantKind.Array
                ? argument.Values.Select(v => v.Value as int? ?? 0).ToArray()
                : new[] { argument.Value as int? ?? 0 };
            if (dimensions.Length == 0 || dimensions.Any(d => d <= 0))
            {
                return null;
            }

            return dimensions.Aggregate(1, (a, b) => a * b);
        }

        return null;
    }

    public static ItemKind ItemOf(ITypeSymbol type, SchemaTypes types)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Single: return ItemKind.Single;
            case SpecialType.System_Double: return ItemKind.Double;
            case SpecialType.System_SByte: return ItemKind.SByte;
            case SpecialType.System_Byte: return ItemKind.Byte;
            case SpecialType.System_Int16: return ItemKind.Int16;
            case SpecialType.System_UInt16: return ItemKind.UInt16;
            case SpecialType.System_Int32: return ItemKind.Int32;
            case SpecialType.System_UInt32: return ItemKind.UInt32;
            case SpecialType.System_Int64: return ItemKind.Int64;
            case SpecialType.System_UInt64: return ItemKind.UInt64;
            case SpecialType.System_Boolean: return ItemKind.Boolean;
            case SpecialType.System_String: return ItemKind.String;
            case SpecialType.System_DateTime: return ItemKind.DateTime;
        }

        if (type is INamedTypeSymbol { Arity: 1 } named && types.ReadOnlyMemory is not null
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.ReadOnlyMemory)
            && named.TypeArguments[0].SpecialType == SpecialType.System_Char)
        {
            return ItemKind.String;
        }

        return type.ToDisplayString() switch
        {
            "System.DateTimeOffset" => ItemKind.DateTimeOffset,
            "System.TimeSpan" => ItemKind.TimeSpan,
            _ => ItemKind.Unknown,
        };
    }
}
