using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Runtime;

namespace MlCodeGuard.Generators.Tests;

/// <summary>Compiles test sources against .NET 10, ML.NET and MlCodeGuard.Runtime, and runs the generator over them.</summary>
internal static class GeneratorHost
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static ImmutableArray<MetadataReference> References { get; } = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll").Order(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
        .Append(MetadataReference.CreateFromFile(typeof(MlModelAttribute<,>).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "UserApp",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            // What the SDK passes too: the runtime (net8.0) binds to the .NET 10 reference assemblies by unification.
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalFiles = null, bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            new[] { new MlModelGenerator().AsSourceGenerator() },
            additionalFiles ?? Array.Empty<AdditionalText>(),
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the compilation with the generated sources and the generator's own result.</summary>
    public static (Compilation Output, GeneratorRunResult Result) Run(CSharpCompilation compilation, params AdditionalText[] additionalFiles)
    {
        var driver = CreateDriver(additionalFiles).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        return (output, driver.GetRunResult().Results.Single());
    }

    public static void AssertCompiles(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
    }

    /// <summary>The MlCodeGuard analyzers of the MLG5xxx range over <paramref name="compilation"/>.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeContractAsync(Compilation compilation, params AdditionalText[] additionalFiles)
    {
        var analyzers = typeof(MlCodeGuard.Analyzers.Diagnostics.Descriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.Namespace == "MlCodeGuard.Analyzers.Rules")
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id.StartsWith("MLG5", StringComparison.Ordinal)))
            .ToImmutableArray();
        Assert.Equal(4, analyzers.Length);
        var options = new AnalyzerOptions(additionalFiles.ToImmutableArray());
        return await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }
}

/// <summary>An AdditionalFiles item in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
