using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// What the MlCodeGuard analyzers add to a compilation. Each category has its own baseline, the compilation as a build
/// without MlCodeGuard runs it (compiler plus the SDK's analyzers, see <see cref="DriverBaselineAnalyzer"/>), so the
/// Ratio column reads directly against the targets: at most 1.10x with ML.NET referenced, at most 1.01x without.
/// The compiler alone with no analyzer driver at all is a third row, for reference.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class AnalyzerOverheadBenchmarks
{
    public const string WithMlNet = "WithMlNet";
    public const string WithoutMlNet = "WithoutMlNet";

    private Workload _ml = null!;
    private Workload _plain = null!;

    // One setup per category: each benchmark runs in its own process and needs only its own codebase.
    [GlobalSetup(Targets = [nameof(CompileOnly), nameof(CompileWithSdkAnalyzers), nameof(CompileWithAnalyzers), nameof(CompileWithOneLeakageRule), nameof(CompileWithRulesSeparately)])]
    public void SetupMl()
    {
        _ml = Workload.CreateMl();
        // Also warms the compiler and the analyzers once, and proves the input is what benchmarks/README.md says.
        Console.WriteLine("// " + _ml.Validate());
    }

    [GlobalSetup(Targets = [nameof(CompileOnly_NoMl), nameof(CompileWithSdkAnalyzers_NoMl), nameof(CompileWithAnalyzers_NoMl)])]
    public void SetupPlain()
    {
        _plain = Workload.CreatePlain();
        Console.WriteLine("// " + _plain.Validate());
    }

    [Benchmark]
    [BenchmarkCategory(WithMlNet)]
    public ImmutableArray<Diagnostic> CompileOnly() => _ml.CompileOnly();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(WithMlNet)]
    public ImmutableArray<Diagnostic> CompileWithSdkAnalyzers() => _ml.CompileWithSdkAnalyzers();

    [Benchmark]
    [BenchmarkCategory(WithMlNet)]
    public ImmutableArray<Diagnostic> CompileWithAnalyzers() => _ml.CompileWithAnalyzers();

    /// <summary>One rule that builds the provenance graph (MLG2001) instead of all: the graph is built once and shared,
    /// so all rules cost little more than this one.</summary>
    [Benchmark]
    [BenchmarkCategory(WithMlNet)]
    public ImmutableArray<Diagnostic> CompileWithOneLeakageRule() => _ml.CompileWith(Workload.SdkAndOneLeakageRule);

    /// <summary>Every rule as its own analyzer, the layout before the rule host: what hosting saves.</summary>
    [Benchmark]
    [BenchmarkCategory(WithMlNet)]
    public ImmutableArray<Diagnostic> CompileWithRulesSeparately() => _ml.CompileWith(Workload.SdkAndRulesSeparately);

    [Benchmark]
    [BenchmarkCategory(WithoutMlNet)]
    public ImmutableArray<Diagnostic> CompileOnly_NoMl() => _plain.CompileOnly();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(WithoutMlNet)]
    public ImmutableArray<Diagnostic> CompileWithSdkAnalyzers_NoMl() => _plain.CompileWithSdkAnalyzers();

    [Benchmark]
    [BenchmarkCategory(WithoutMlNet)]
    public ImmutableArray<Diagnostic> CompileWithAnalyzers_NoMl() => _plain.CompileWithAnalyzers();
}
