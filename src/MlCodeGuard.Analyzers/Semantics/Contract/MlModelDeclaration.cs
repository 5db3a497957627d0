using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Analyzers.Semantics.Contract;

/// <summary>One <c>[MlModel&lt;TIn, TOut&gt;(path, Version = ...)]</c> application, with the syntax to report on.</summary>
internal sealed class MlModelDeclaration
{
    private MlModelDeclaration(INamedTypeSymbol type, ITypeSymbol input, ITypeSymbol output, string? path, string? version, AttributeSyntax? syntax)
    {
        Type = type;
        Input = input;
        Output = output;
        Path = path;
        Version = version;
        Syntax = syntax;
    }

    public INamedTypeSymbol Type { get; }
    public ITypeSymbol Input { get; }
    public ITypeSymbol Output { get; }
    public string? Path { get; }
    public string? Version { get; }
    public AttributeSyntax? Syntax { get; }

    public Location AttributeLocation => Syntax?.GetLocation() ?? Type.Locations.FirstOrDefault() ?? Location.None;

    /// <summary>The path argument (the string literal), else the attribute.</summary>
    public Location PathLocation => Argument(a => a.NameEquals is null && a.NameColon is null) ?? AttributeLocation;

    /// <summary>The <c>Version = "..."</c> value, else the attribute.</summary>
    public Location VersionLocation => Argument(a => a.NameEquals?.Name.Identifier.ValueText == "Version") ?? AttributeLocation;

    /// <summary>The type argument naming TIn (0) or TOut (1), else the attribute.</summary>
    public Location TypeArgumentLocation(int index)
    {
        var name = Syntax?.Name switch
        {
            GenericNameSyntax g => g,
            QualifiedNameSyntax { Right: GenericNameSyntax g } => g,
            AliasQualifiedNameSyntax { Name: GenericNameSyntax g } => g,
            _ => null,
        };
        return name is not null && name.TypeArgumentList.Arguments.Count > index
            ? name.TypeArgumentList.Arguments[index].GetLocation()
            : AttributeLocation;
    }

    public static IEnumerable<MlModelDeclaration> Read(INamedTypeSymbol type, INamedTypeSymbol attributeType, CancellationToken cancellationToken)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { TypeArguments.Length: 2 } attributeClass
                || !SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, attributeType))
            {
                continue;
            }

            // TypedConstant.Value throws for an array constant (possible in erroneous code): check the kind first.
            var path = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive
                ? attribute.ConstructorArguments[0].Value as string
                : null;
            string? version = null;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Version" && named.Value.Kind == TypedConstantKind.Primitive)
                {
                    version = named.Value.Value as string;
                }
            }

            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            yield return new MlModelDeclaration(type, attributeClass.TypeArguments[0], attributeClass.TypeArguments[1], path, version, syntax);
        }
    }

    private Location? Argument(System.Func<AttributeArgumentSyntax, bool> predicate)
        => Syntax?.ArgumentList?.Arguments.FirstOrDefault(predicate)?.Expression.GetLocation();
}

/// <summary>
/// Per-compilation view of the contract: the attribute type, and the project's AdditionalFiles (paths, and the
/// manifests parsed once on first use).
/// </summary>
internal sealed class ContractContext
{
    private readonly ImmutableArray<AdditionalText> _files;
    private readonly ConcurrentDictionary<string, ManifestSummary?> _manifests = new();

    private ContractContext(INamedTypeSymbol attributeType, ImmutableArray<AdditionalText> files)
    {
        AttributeType = attributeType;
        _files = files;
    }

    public INamedTypeSymbol AttributeType { get; }

    /// <summary>Null when the compilation does not reference MlCodeGuard.Runtime: nothing to check.</summary>
    public static ContractContext? TryCreate(Compilation compilation, AnalyzerOptions options)
    {
        var attributeType = compilation.GetTypeByMetadataName(ModelPaths.AttributeMetadataName);
        return attributeType is null ? null : new ContractContext(attributeType, options.AdditionalFiles);
    }

    public AdditionalText? FindFile(string relativePath)
        => _files.FirstOrDefault(f => ModelPaths.Matches(f.Path, relativePath));

    /// <summary>The manifest beside <paramref name="modelPath"/>: (found, parsed or null when it is not valid JSON).</summary>
    public (bool Found, ManifestSummary? Manifest) FindManifest(string modelPath, CancellationToken cancellationToken)
    {
        var file = FindFile(ModelPaths.SidecarOf(modelPath));
        if (file is null)
        {
            return (false, null);
        }

        var manifest = _manifests.GetOrAdd(file.Path, _ =>
        {
            var text = file.GetText(cancellationToken);
            return text is null ? null : ManifestSummary.TryParse(text.ToString());
        });
        return (true, manifest);
    }
}
