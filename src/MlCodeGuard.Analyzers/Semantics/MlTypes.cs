using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlCodeGuard.Analyzers.Semantics.Schema;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// The ML.NET types the rules reason about, resolved once per compilation. <see cref="TryCreate"/> returns
/// <see langword="null"/> when Microsoft.ML is not referenced, and the analyzers then register nothing.
/// </summary>
internal sealed class MlTypes
{
    private readonly Compilation _compilation;
    private SchemaTypes? _schema;
    private ServingTypes? _serving;

    private readonly IAssemblySymbol[] _mlAssemblies;

    private MlTypes(Compilation compilation, INamedTypeSymbol mlContext, IAssemblySymbol[] mlAssemblies)
    {
        _compilation = compilation;
        _mlAssemblies = mlAssemblies;
        MLContext = mlContext;
        IDataView = GetMlType("Microsoft.ML.IDataView");
        IEstimator = GetMlType("Microsoft.ML.IEstimator`1");
        ITransformer = GetMlType("Microsoft.ML.ITransformer");
        DataOperationsCatalog = GetMlType("Microsoft.ML.DataOperationsCatalog");
        TrainCatalogBase = GetMlType("Microsoft.ML.TrainCatalogBase");
        ModelOperationsCatalog = GetMlType("Microsoft.ML.ModelOperationsCatalog");
        PredictionEngine = GetMlType("Microsoft.ML.PredictionEngine`2");
    }

    public INamedTypeSymbol MLContext { get; }
    public INamedTypeSymbol? IDataView { get; }
    public INamedTypeSymbol? IEstimator { get; }
    public INamedTypeSymbol? ITransformer { get; }
    public INamedTypeSymbol? DataOperationsCatalog { get; }
    public INamedTypeSymbol? TrainCatalogBase { get; }
    public INamedTypeSymbol? ModelOperationsCatalog { get; }
    public INamedTypeSymbol? PredictionEngine { get; }

    /// <summary>The schema rules' types, resolved once per compilation and shared by every rule.</summary>
    public SchemaTypes Schema => LazyInitializer.EnsureInitialized(ref _schema, () => new SchemaTypes(_compilation, this))!;

    /// <summary>The serving rules' types, resolved once per compilation and shared by every rule.</summary>
    public ServingTypes Serving => LazyInitializer.EnsureInitialized(ref _serving, () => new ServingTypes(_compilation, this))!;

    /// <summary>The schema rules registered on this compilation start (see <see cref="SchemaRuleHost"/>).</summary>
    public System.Collections.Generic.List<System.Action<SchemaTypes, Microsoft.CodeAnalysis.Operations.IInvocationOperation, System.Action<Diagnostic>>> SchemaRules { get; } = new();

    /// <summary>The participants of the one type scope of this compilation start (see <see cref="TypeScope"/>).</summary>
    public System.Collections.Generic.List<System.Action<TypeScope>> TypeScopeParticipants { get; } = new();

    /// <summary>The leakage rules registered on this compilation start (see <see cref="Provenance.LeakageRuleHost"/>).</summary>
    public System.Collections.Generic.List<System.Action<Provenance.ProvenanceGraph, Microsoft.CodeAnalysis.Operations.IInvocationOperation, System.Action<Diagnostic>>> LeakageRules { get; } = new();

    public static MlTypes? TryCreate(Compilation compilation)
    {
        // Looked up in the referenced ML.NET assemblies only: Compilation.GetTypeByMetadataName searches every reference
        // (about 180 in a .NET project) for every name, and was a fifth of the rules' time on a large compilation.
        var mlAssemblies = compilation.SourceModule.ReferencedAssemblySymbols
            .Where(a => a.Name.StartsWith("Microsoft.ML", System.StringComparison.Ordinal))
            .ToArray();
        var mlContext = mlAssemblies.Length == 0
            ? compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") // no ML.NET reference (or ML.NET types in source)
            : Unique(mlAssemblies, "Microsoft.ML.MLContext");
        return mlContext is null ? null : new MlTypes(compilation, mlContext, mlAssemblies);
    }

    /// <summary>
    /// An ML.NET type by metadata name: found in the referenced ML.NET assemblies, null when absent or declared twice
    /// (as <see cref="Compilation.GetTypeByMetadataName"/> answers ambiguity).
    /// </summary>
    public INamedTypeSymbol? GetMlType(string metadataName)
        => _mlAssemblies.Length == 0 ? _compilation.GetTypeByMetadataName(metadataName) : Unique(_mlAssemblies, metadataName);

    private static INamedTypeSymbol? Unique(IAssemblySymbol[] assemblies, string metadataName)
    {
        INamedTypeSymbol? found = null;
        foreach (var assembly in assemblies)
        {
            if (assembly.GetTypeByMetadataName(metadataName) is { } type)
            {
                if (found is not null)
                {
                    return null;
                }

                found = type;
            }
        }

        return found;
    }

    public bool IsMLContext(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, MLContext);

    public bool IsDataView(ITypeSymbol? type)
        => type is not null && IDataView is not null
           && (SymbolEqualityComparer.Default.Equals(type, IDataView) || (MaySeeMlNet(type) && Implements(type, IDataView, _implementsDataView)));

    // Per type definition: a constructed type implements an interface of a given definition exactly when its definition
    // does, and the definitions' interface lists are computed once, where each constructed type (EstimatorChain<T> for
    // every T a chain meets) would substitute its whole interface list again (a sixth of the rules' time, in a profile).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _implementsDataView = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _implementsEstimator = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _implementsTransformer = new(SymbolEqualityComparer.Default);

    /// <summary>Whether <paramref name="type"/> implements <c>ITransformer</c> (false for <c>ITransformer</c> itself).</summary>
    public bool ImplementsTransformer(ITypeSymbol type)
        => ITransformer is not null && MaySeeMlNet(type) && Implements(type, ITransformer, _implementsTransformer);

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol interfaceDefinition, System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> cache)
    {
        var definition = type.OriginalDefinition;
        if (cache.TryGetValue(definition, out var implements))
        {
            return implements;
        }

        implements = false;
        foreach (var i in definition.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, interfaceDefinition))
            {
                implements = true;
                break;
            }
        }

        return cache.GetOrAdd(definition, implements);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<IAssemblySymbol, bool> _seesMlNet = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// False when <paramref name="type"/> cannot implement an ML.NET interface: a special type (string, int...), or a type
    /// of an assembly that is neither ML.NET, nor this compilation, nor references ML.NET (the BCL's collections, tasks,
    /// tuples). Asked before <c>AllInterfaces</c>, which constructs every interface of a generic type: most types the rules
    /// ask about are such types, and the answer per assembly is cached.
    /// </summary>
    public bool MaySeeMlNet(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Array or TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return false;
        }

        if (type.ContainingAssembly is not { } assembly)
        {
            return true;
        }

        // TryGetValue first: GetOrAdd(assembly, SeesMlNet) would allocate a delegate on every call.
        return _seesMlNet.TryGetValue(assembly, out var sees) ? sees : _seesMlNet.GetOrAdd(assembly, SeesMlNet(assembly));
    }

    private bool SeesMlNet(IAssemblySymbol assembly)
    {
        if (SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly) || assembly.Name.StartsWith("Microsoft.ML", System.StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var module in assembly.Modules)
        {
            foreach (var reference in module.ReferencedAssemblies)
            {
                if (reference.Name.StartsWith("Microsoft.ML", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True for <c>Fit(IDataView ...)</c> on anything that is an <c>IEstimator&lt;T&gt;</c>.</summary>
    public bool IsEstimatorFit(IMethodSymbol method)
    {
        if (method.Name != "Fit" || IEstimator is null || method.Parameters.Length == 0 || !IsDataView(method.Parameters[0].Type))
        {
            return false;
        }

        return ImplementsEstimator(method.ContainingType);
    }

    public bool ImplementsEstimator(ITypeSymbol? type)
    {
        if (type is null || IEstimator is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, IEstimator))
        {
            return true;
        }

        return MaySeeMlNet(type) && Implements(type, IEstimator, _implementsEstimator);
    }

    public bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="symbol"/> is declared in an ML.NET assembly (namespace Microsoft.ML...).</summary>
    public static bool IsFromMlNet(ISymbol symbol) => symbol.ContainingNamespace is { } ns && IsMlNamespace(ns);

    private static bool IsMlNamespace(INamespaceSymbol ns)
    {
        // Microsoft.ML or any namespace below it.
        INamespaceSymbol? current = ns;
        while (current is not null && !current.IsGlobalNamespace)
        {
            if (current.Name == "ML" && current.ContainingNamespace is { Name: "Microsoft" } parent && parent.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return true;
            }

            current = current.ContainingNamespace;
        }

        return false;
    }
}
