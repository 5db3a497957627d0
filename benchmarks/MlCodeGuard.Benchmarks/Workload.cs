using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// One codebase, parsed once, with the references and analyzers it is compiled with. Each measured call builds a
/// fresh <see cref="CSharpCompilation"/> from the same trees, so nothing bound in one call is reused by the next.
/// </summary>
public sealed class Workload
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: true);

    /// <summary>
    /// The analyzer options of a build: the global option MlCodeGuard's package targets set in every build but an IDE's
    /// design-time build (<c>build_property.MlCodeGuardAnalysisMode = build</c>). With <c>MLGUARD_BENCH_IDE=1</c> in the
    /// environment, the options of an IDE instead (none), so the two ways of finding type-wide facts can be compared.
    /// </summary>
    public static AnalyzerOptions Options { get; } = Environment.GetEnvironmentVariable("MLGUARD_BENCH_IDE") == "1"
        ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)
        : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new BuildOptionsProvider());

    // As in a build: analyzers run concurrently and their execution time is not logged (csc logs it only with /reportanalyzer).
    private static readonly CompilationWithAnalyzersOptions AnalyzerDriverOptions = new(
        Options,
        onAnalyzerException: null,
        concurrentAnalysis: true,
        logAnalyzerExecutionTime: false,
        reportSuppressedDiagnostics: false);

    private Workload(string name, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
    {
        Name = name;
        Trees = trees;
        References = references;
    }

    public string Name { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public ImmutableArray<MetadataReference> References { get; }

    /// <summary>What the compiler loads from the package (the <c>[DiagnosticAnalyzer]</c> types: the rule host), by reflection.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = DiscoverAnalyzers(shipped: true);

    /// <summary>Every rule as its own analyzer (the rule host's members), so that new rules are measured without edits here.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Rules { get; } = DiscoverAnalyzers(shipped: false);

    /// <summary>One leakage rule alone (it builds the provenance graph every leakage rule shares).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> SdkAndOneLeakageRule =>
        SdkAnalyzers.Add(Rules.Single(a => a.GetType().Name == "EvaluateOnTrainingDataAnalyzer"));

    /// <summary>Every rule loaded as a separate analyzer, as the package shipped them before the rule host.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> SdkAndRulesSeparately => SdkAnalyzers.AddRange(Rules);

    /// <summary>The ML.NET codebase, compiled against the .NET 10 reference assemblies and ML.NET 5.0.1.</summary>
    public static Workload CreateMl()
        => Create("ml", CodebaseGenerator.GenerateMl(), Net100References().AddRange(MlNetReferences()));

    /// <summary>The plain codebase, compiled against the .NET 10 reference assemblies only: no ML.NET anywhere.</summary>
    public static Workload CreatePlain()
        => Create("plain", CodebaseGenerator.GeneratePlain(), Net100References());

    public CSharpCompilation CreateCompilation()
        => CSharpCompilation.Create("Bench_" + Name, Trees, References, CompilationOptions);

    /// <summary>Full binding of every method body, as `csc` does before emit.</summary>
    public ImmutableArray<Diagnostic> CompileOnly()
        => CreateCompilation().GetDiagnostics();

    /// <summary>The analyzers of a build without MlCodeGuard: the <see cref="DriverBaselineAnalyzer"/> alone.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> SdkAnalyzers { get; } = [new DriverBaselineAnalyzer()];

    /// <summary>The analyzers of a build with MlCodeGuard: the SDK stand-in plus every MlCodeGuard analyzer.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> SdkAndMlCodeGuardAnalyzers { get; } = SdkAnalyzers.AddRange(Analyzers);

    /// <summary>The compilation as a build without MlCodeGuard runs it: with the SDK's analyzers attached.</summary>
    public ImmutableArray<Diagnostic> CompileWithSdkAnalyzers() => CompileWith(SdkAnalyzers);

    /// <summary>The same build with every MlCodeGuard analyzer added.</summary>
    public ImmutableArray<Diagnostic> CompileWithAnalyzers() => CompileWith(SdkAndMlCodeGuardAnalyzers);

    /// <summary>The compilation with the given analyzers attached: compiler plus analyzer diagnostics.</summary>
    public ImmutableArray<Diagnostic> CompileWith(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => CreateCompilation().WithAnalyzers(analyzers, AnalyzerDriverOptions).GetAllDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>Compile only (no analyzers), or with <paramref name="analyzers"/>, concurrently or on one thread; the diagnostic count.</summary>
    public int Run(ImmutableArray<DiagnosticAnalyzer> analyzers, bool serial)
        => serial ? CompileWithSerial(analyzers) : analyzers.IsEmpty ? CompileOnly().Length : CompileWith(analyzers).Length;

    /// <summary>The same on one thread (no concurrent build, no concurrent analysis): the work itself, without scheduling.</summary>
    public int CompileWithSerial(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        CSharpCompilation compilation = CSharpCompilation.Create("Bench_" + Name, Trees, References, CompilationOptions.WithConcurrentBuild(false));
        if (analyzers.IsEmpty)
        {
            return compilation.GetDiagnostics().Length;
        }
        var options = new CompilationWithAnalyzersOptions(Options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        return compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
    }

    /// <summary>Fails loudly when the generated code does not compile: a benchmark of error recovery measures nothing useful.</summary>
    public string Validate()
    {
        ImmutableArray<Diagnostic> diagnostics = CompileWithAnalyzers();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The generated '{Name}' codebase has {errors.Count} errors, e.g.:{Environment.NewLine}"
                + string.Join(Environment.NewLine, errors.Take(10)));
        }

        var byId = diagnostics
            .Where(d => d.Id.StartsWith("MLG", StringComparison.Ordinal))
            .GroupBy(d => d.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        int lines = Trees.Sum(t => t.GetText().Lines.Count);
        return $"'{Name}': {Trees.Length} files, {lines} lines, {References.Length} references, {Analyzers.Length} analyzer(s) "
            + $"({string.Join(", ", Analyzers.Select(a => a.GetType().Name))}) hosting {Rules.Length} rules; MLG diagnostics: [{string.Join(", ", byId)}]";
    }

    private static Workload Create(string name, IReadOnlyList<(string Path, string Text)> files, ImmutableArray<MetadataReference> references)
    {
        var trees = files
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path))
            .ToImmutableArray();
        return new Workload(name, trees, references);
    }

    internal static ImmutableArray<MetadataReference> Net100References()
        => Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    internal static IEnumerable<MetadataReference> MlNetReferences()
    {
        // Microsoft.ML, .FastTree and .LightGbm put their assemblies next to ours; the native helpers are not .NET metadata.
        string[] paths = Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
            .Where(IsManagedAssembly)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (!paths.Any(p => Path.GetFileName(p) == "Microsoft.ML.Data.dll"))
        {
            throw new InvalidOperationException("Microsoft.ML assemblies not found in " + AppContext.BaseDirectory);
        }
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
    }

    internal static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static ImmutableArray<DiagnosticAnalyzer> DiscoverAnalyzers(bool shipped)
    {
        Assembly assembly = typeof(MlCodeGuard.Analyzers.Diagnostics.Descriptors).Assembly;
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)) == shipped
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    private sealed class BuildOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly Values None = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new Dictionary<string, string> { ["build_property.MlCodeGuardAnalysisMode"] = "build" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
