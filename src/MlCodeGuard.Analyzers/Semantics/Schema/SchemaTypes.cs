using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>The ML.NET types the schema rules need beyond <see cref="MlTypes"/>, resolved once per compilation.</summary>
internal sealed class SchemaTypes
{
    public SchemaTypes(Compilation compilation, MlTypes types)
    {
        Ml = types;
        LoadColumn = types.GetMlType("Microsoft.ML.Data.LoadColumnAttribute");
        ColumnName = types.GetMlType("Microsoft.ML.Data.ColumnNameAttribute");
        VectorType = types.GetMlType("Microsoft.ML.Data.VectorTypeAttribute");
        KeyType = types.GetMlType("Microsoft.ML.Data.KeyTypeAttribute");
        NoColumn = types.GetMlType("Microsoft.ML.Data.NoColumnAttribute");
        VBuffer = types.GetMlType("Microsoft.ML.Data.VBuffer`1");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
    }

    public MlTypes Ml { get; }
    public INamedTypeSymbol? LoadColumn { get; }
    public INamedTypeSymbol? ColumnName { get; }
    public INamedTypeSymbol? VectorType { get; }
    public INamedTypeSymbol? KeyType { get; }
    public INamedTypeSymbol? NoColumn { get; }
    public INamedTypeSymbol? VBuffer { get; }
    public INamedTypeSymbol? ReadOnlyMemory { get; }

    public static bool Is(AttributeData attribute, INamedTypeSymbol? type)
        => type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);
}
