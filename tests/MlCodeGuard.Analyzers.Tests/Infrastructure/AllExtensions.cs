using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.CodeFixes;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>Every analyzer and code fix the package ships, found by reflection so later rules join every harness.</summary>
public static class AllExtensions
{
    /// <summary>What the compiler loads from the package: the types with <c>[DiagnosticAnalyzer]</c> (the rule host).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(Descriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Every rule as a stand-alone analyzer (each <c>MlAnalyzer</c> subclass), as the rule tests run them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Rules { get; } = typeof(Descriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = typeof(UnseededMLContextCodeFixProvider).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The repository root (the folder holding MlCodeGuard.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The <c>.cs</c> files under <paramref name="folder"/> (relative to the repository), without build output, in a stable order.</summary>
    public static string[] SourceFiles(string folder)
        => Directory.GetFiles(Path.Combine(RepoRoot, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlCodeGuard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MlCodeGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
