using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Tests.Verifiers;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>Runs every analyzer over a compilation and records any exception an analyzer throws (an AD0001).</summary>
public static class AnalyzerHost
{
    public static CSharpCompilation Compile(IEnumerable<string> sources, bool withMlNet = true, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
        => CSharpCompilation.Create(
            "UserCode",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs")),
            withMlNet ? MlReferences.All : MlReferences.Framework,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    public sealed record Result(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Exceptions, CompilationWithAnalyzers Host);

    /// <summary>
    /// Runs <paramref name="analyzers"/> (default: everything the package ships) over <paramref name="compilation"/>;
    /// <paramref name="build"/> passes what the package's targets pass in a build (<c>MlCodeGuardAnalysisMode=build</c>),
    /// otherwise what an IDE passes (nothing).
    /// </summary>
    public static async Task<Result> RunAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null, bool build = false)
    {
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            build ? BuildOptions : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var host = compilation.WithAnalyzers(analyzers ?? AllExtensions.Analyzers, options);
        var diagnostics = await host.GetAnalyzerDiagnosticsAsync();
        foreach (var ad0001 in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(ad0001.GetMessage());
        }

        return new Result(diagnostics, exceptions.ToArray(), host);
    }

    /// <summary>The options of a build: the global option the package's targets set.</summary>
    public static AnalyzerOptions BuildOptions { get; } = new(
        ImmutableArray<AdditionalText>.Empty,
        new GlobalOptionsProvider(new Dictionary<string, string> { [MlCodeGuard.Analyzers.Semantics.TypeScope.ModeOption] = "build" }));

    private sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions None = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;
    }

    private sealed class DictionaryOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
