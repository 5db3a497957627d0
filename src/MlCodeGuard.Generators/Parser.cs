using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Generators;

/// <summary>Symbols in, equatable specs out: everything the emitter needs is read here, and nothing else is kept.</summary>
internal static class Parser
{
    /// <summary>
    /// The spec of an <c>[MlModel]</c> class, or null for a class the generator cannot complete (MLG5001 says why).
    /// </summary>
    public static ModelSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type
            || context.Attributes.FirstOrDefault() is not { AttributeClass: { TypeArguments.Length: 2 } attributeClass } attribute
            || !CanComplete(type, cancellationToken))
        {
            return null;
        }

        // TypedConstant.Value throws for an array constant (possible in erroneous code): check the kind first.
        var path = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive
            ? attribute.ConstructorArguments[0].Value as string
            : null;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        string? version = null;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Version" && named.Value.Kind == TypedConstantKind.Primitive)
            {
                version = named.Value.Value as string;
            }
        }

        var containing = ImmutableArray.CreateBuilder<ContainingType>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingType(Keyword(outer), outer.Name));
        }

        return new ModelSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            new EquatableArray<ContainingType>(containing.ToImmutable()),
            Keyword(type),
            type.Name,
            attributeClass.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            attributeClass.TypeArguments[1].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            path!,
            version);
    }

    /// <summary>Reads the name and version of a manifest; a file that is not a JSON object gives nulls.</summary>
    public static ManifestInfo ParseManifest(AdditionalText file, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        var manifest = text is null ? null : ManifestSummary.TryParse(text.ToString());
        return new ManifestInfo(file.Path, manifest?.Name, manifest?.Version);
    }

    /// <summary>Pairs a spec with the manifest beside its model, if that manifest is an AdditionalFiles item.</summary>
    public static ModelToEmit Resolve(ModelSpec spec, ImmutableArray<ManifestInfo> manifests)
    {
        var sidecar = ModelPaths.SidecarOf(spec.Path);
        var manifest = manifests
            .Where(m => ModelPaths.Matches(m.FilePath, sidecar))
            .OrderBy(m => m.FilePath, System.StringComparer.Ordinal)
            .FirstOrDefault();
        return new ModelToEmit(spec, manifest?.Name, manifest?.Version);
    }

    // The same test as MLG5001 (MlModelTypeMustBePartialAnalyzer).
    private static bool CanComplete(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.IsStatic || type.TypeKind != TypeKind.Class)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType || !t.DeclaringSyntaxReferences.Any(r =>
                    r.GetSyntax(cancellationToken) is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (_, TypeKind.Struct) => "struct",
        (_, TypeKind.Interface) => "interface",
        _ => "class",
    };
}
