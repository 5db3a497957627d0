using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MlCodeGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// What test code compiles against: the .NET 10 reference assemblies (Basic.Reference.Assemblies, no download at test
/// time) and the ML.NET 5.0.1 assemblies the test project restores.
/// </summary>
public static class MlReferences
{
    /// <summary>An empty reference set: references come from <see cref="All"/> instead of a NuGet download.</summary>
    public static ReferenceAssemblies NoDownload { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> MlNet { get; } = Directory
        .GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
        .OrderBy(p => p, StringComparer.Ordinal)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    public static ImmutableArray<MetadataReference> Framework { get; } = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .ToImmutableArray();

    /// <summary>MlCodeGuard.Runtime, whose <c>[MlModel]</c> attribute the MLG5xxx rules read.</summary>
    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(MlCodeGuard.Runtime.ModelHost<,>).Assembly.Location);

    public static ImmutableArray<MetadataReference> All { get; } = Framework.AddRange(MlNet).Add(Runtime);

    /// <summary>The usings every test snippet starts with, so the snippets read like user code.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;
        using Microsoft.ML.Trainers.FastTree;
        using Microsoft.ML.Trainers.LightGbm;

        """;
}
