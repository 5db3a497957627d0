using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlCodeGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// The kinds of app the serving rules tell apart: an ASP.NET Core app (the shared framework's Microsoft.AspNetCore.*
/// and Microsoft.Extensions.* assemblies) and a worker or console app with the generic host (Microsoft.Extensions.* only).
/// Taken from the ASP.NET Core shared framework the test process runs on (FrameworkReference in the csproj).
/// </summary>
public static class AppReferences
{
    private static readonly string SharedFramework = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!;

    public static ImmutableArray<MetadataReference> AspNetCore { get; } = Load("Microsoft.AspNetCore*.dll").AddRange(Load("Microsoft.Extensions.*.dll"));

    public static ImmutableArray<MetadataReference> GenericHost { get; } = Load("Microsoft.Extensions.*.dll");

    private static ImmutableArray<MetadataReference> Load(string pattern) => Directory
        .GetFiles(SharedFramework, pattern)
        .OrderBy(p => p, StringComparer.Ordinal)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();
}

/// <summary><see cref="Verify{TAnalyzer}"/> for code that also references the assemblies of one kind of app.</summary>
public static class VerifyApp<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task AnalyzerAsync(ImmutableArray<MetadataReference> app, string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { ReferenceAssemblies = MlReferences.NoDownload };
        test.TestState.AdditionalReferences.AddRange(MlReferences.All);
        test.TestState.AdditionalReferences.AddRange(app);
        test.TestState.Sources.Add(MlReferences.Usings + source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
