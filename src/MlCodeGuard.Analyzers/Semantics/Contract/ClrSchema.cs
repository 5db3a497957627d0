using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Semantics.Contract;

/// <summary>One column a C# input or output type binds, as ML.NET's <c>SchemaDefinition.Create</c> sees it.</summary>
internal sealed class ClrColumn
{
    public ClrColumn(string name, ISymbol member, string? itemType, bool isVector, int vectorSize, bool isKey)
    {
        Name = name;
        Member = member;
        ItemType = itemType;
        IsVector = isVector;
        VectorSize = vectorSize;
        IsKey = isKey;
    }

    public string Name { get; }
    public ISymbol Member { get; }

    /// <summary>The manifest's spelling of the item type, or null when ML.NET has no column type for the member.</summary>
    public string? ItemType { get; }
    public bool IsVector { get; }

    /// <summary>From <c>[VectorType(n)]</c>; 0 when not declared (variable size).</summary>
    public int VectorSize { get; }
    public bool IsKey { get; }

    public string Describe() => IsVector
        ? "Vector<" + ItemType + ", " + (VectorSize > 0 ? VectorSize.ToString(CultureInfo.InvariantCulture) : "?") + ">"
        : ItemType ?? "an unsupported type";
}

/// <summary>The columns of a C# type: public instance fields and read-write properties, without <c>[NoColumn]</c>.</summary>
internal static class ClrSchema
{
    public static IReadOnlyList<ClrColumn> Of(ITypeSymbol type)
    {
        var columns = new List<ClrColumn>();
        var seen = new HashSet<string>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
                {
                    continue;
                }

                ITypeSymbol? memberType = member switch
                {
                    IFieldSymbol f when !f.IsConst => f.Type,
                    IPropertySymbol p when p.GetMethod is not null && p.SetMethod is not null && !p.IsIndexer => p.Type,
                    _ => null,
                };
                if (memberType is null || !seen.Add(member.Name) || HasAttribute(member, "NoColumnAttribute"))
                {
                    continue;
                }

                columns.Add(Describe(member, memberType));
            }
        }

        return columns;
    }

    private static ClrColumn Describe(ISymbol member, ITypeSymbol type)
    {
        var name = member.Name;
        int vectorSize = 0;
        bool isKey = false;
        foreach (var attribute in member.GetAttributes())
        {
            switch (attribute.AttributeClass?.Name)
            {
                case "ColumnNameAttribute" when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string columnName:
                    name = columnName;
                    break;
                case "VectorTypeAttribute":
                    vectorSize = VectorSize(attribute);
                    break;
                case "KeyTypeAttribute":
                    isKey = true;
                    break;
            }
        }

        ITypeSymbol item = type;
        var isVector = false;
        if (type is IArrayTypeSymbol array)
        {
            item = array.ElementType;
            isVector = true;
        }
        else if (type is INamedTypeSymbol { Name: "VBuffer", TypeArguments.Length: 1 } buffer)
        {
            item = buffer.TypeArguments[0];
            isVector = true;
        }

        var raw = RawName(item);
        var itemType = isKey && raw is not null ? "Key<" + raw + ">" : raw;
        return new ClrColumn(name, member, itemType, isVector, vectorSize, isKey);
    }

    // [VectorType(a, b, ...)]: the size is the product of the dimensions; [VectorType()] is variable size.
    private static int VectorSize(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1)
        {
            return 0;
        }

        var argument = attribute.ConstructorArguments[0];
        var dims = argument.Kind == TypedConstantKind.Array ? argument.Values.Select(v => v.Value) : new[] { argument.Value };
        long size = 1;
        foreach (var dim in dims)
        {
            if (dim is not int d || d <= 0)
            {
                return 0;
            }

            size *= d;
        }

        return size is > 0 and <= int.MaxValue ? (int)size : 0;
    }

    private static string? RawName(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Single => "Single",
        SpecialType.System_Double => "Double",
        SpecialType.System_Boolean => "Boolean",
        SpecialType.System_SByte => "SByte",
        SpecialType.System_Byte => "Byte",
        SpecialType.System_Int16 => "Int16",
        SpecialType.System_UInt16 => "UInt16",
        SpecialType.System_Int32 => "Int32",
        SpecialType.System_UInt32 => "UInt32",
        SpecialType.System_Int64 => "Int64",
        SpecialType.System_UInt64 => "UInt64",
        SpecialType.System_String => "Text",
        SpecialType.System_DateTime => "DateTime",
        _ => type switch
        {
            INamedTypeSymbol { Name: "ReadOnlyMemory", TypeArguments.Length: 1 } memory when memory.TypeArguments[0].SpecialType == SpecialType.System_Char => "Text",
            INamedTypeSymbol { Name: "DateTimeOffset" or "TimeSpan" } named => named.Name,
            _ => null,
        },
    };

    private static bool HasAttribute(ISymbol member, string name) => member.GetAttributes().Any(a => a.AttributeClass?.Name == name);
}
