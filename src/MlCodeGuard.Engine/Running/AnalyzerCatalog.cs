using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;

namespace MlCodeGuard.Engine;

/// <summary>
/// The C# analyzers of the MlCodeGuard.Analyzers assembly, found by reflection so a rule added there runs here with no
/// change to the engine.
/// </summary>
public static class AnalyzerCatalog
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_all = new(() => FromAssembly(typeof(Descriptors).Assembly));

    /// <summary>One instance of every C# analyzer in MlCodeGuard.Analyzers, ordered by type name.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> All => s_all.Value;

    /// <summary>Instantiates every concrete <see cref="DiagnosticAnalyzer"/> marked for C# in an assembly.</summary>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>The analyzers, ordered by full type name.</returns>
    public static ImmutableArray<DiagnosticAnalyzer> FromAssembly(Assembly assembly)
        => LoadableTypes(assembly)
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t, nonPublic: true)!)
            .ToImmutableArray();

    /// <summary>The distinct descriptors the analyzers support, sorted by ID.</summary>
    /// <param name="analyzers">The analyzers.</param>
    /// <returns>One descriptor per ID.</returns>
    public static ImmutableArray<DiagnosticDescriptor> Rules(IEnumerable<DiagnosticAnalyzer> analyzers)
        => analyzers.SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
