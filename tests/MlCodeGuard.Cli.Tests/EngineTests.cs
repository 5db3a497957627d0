using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Engine;
using MlCodeGuard.Engine.Reporting;

namespace MlCodeGuard.Cli.Tests;

public class EngineTests
{
    [Fact]
    public void The_catalog_finds_an_analyzer_for_every_descriptor_of_the_registry()
    {
        var supported = AnalyzerCatalog.Rules(AnalyzerCatalog.All).Select(d => d.Id).ToHashSet();

        Assert.All(Descriptors.All, d => Assert.Contains(d.Id, supported));
    }

    [Fact]
    public void A_folder_with_a_solution_loads_the_solution_before_any_project()
    {
        using var folder = new TempFolder();
        var solution = folder.Write("App.slnx", "<Solution />");
        folder.Write("App.csproj", "<Project />");

        var target = AnalysisTarget.Resolve(folder.Path);

        Assert.Equal(new AnalysisTarget(TargetKind.Solution, solution, folder.Path), target);
    }

    [Fact]
    public void A_folder_with_one_project_loads_it_and_one_without_is_loose()
    {
        using var folder = new TempFolder();
        var project = folder.Write("app/App.csproj", "<Project />");
        folder.Write("loose/A.cs", "class A {}");

        Assert.Equal(new AnalysisTarget(TargetKind.Project, project, Path.Combine(folder.Path, "app")), AnalysisTarget.Resolve(Path.Combine(folder.Path, "app")));
        Assert.Equal(TargetKind.Loose, AnalysisTarget.Resolve(Path.Combine(folder.Path, "loose")).Kind);
    }

    [Fact]
    public void Several_solutions_in_a_folder_are_ambiguous()
    {
        using var folder = new TempFolder();
        folder.Write("A.sln", string.Empty);
        folder.Write("B.slnx", "<Solution />");

        var error = Assert.Throws<AnalysisLoadException>(() => AnalysisTarget.Resolve(folder.Path));
        Assert.Contains("A.sln, B.slnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_file_is_a_load_error()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Program.vbproj", "<Project />");

        Assert.Throws<AnalysisLoadException>(() => AnalysisTarget.Resolve(file));
    }

    [Fact]
    public async Task An_analyzer_exception_is_reported_as_an_AD0001_failure_that_counts_as_an_error()
    {
        using var folder = new TempFolder();
        folder.Write("A.cs", "public class A { public void M() { } }");

        var result = await AnalysisEngine.AnalyzeAsync(new AnalysisRequest(folder.Path) { Analyzers = [new ThrowingAnalyzer()] });

        var failure = Assert.Single(result.AnalyzerFailures);
        Assert.Contains(nameof(ThrowingAnalyzer), failure.Analyzer, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(1, result.CountAtOrAbove(DiagnosticSeverity.Error));

        var text = new StringWriter();
        TextReport.Write(result, text);
        Assert.Contains("error AD0001:", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 analyzer failure (AD0001, counted as errors)", text.ToString(), StringComparison.Ordinal);
    }

    // A test double run in-process by the engine, never loaded by a compiler: the packaging rules do not apply.
#pragma warning disable RS1038, RS1041, RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("TEST001", "Test", "Test", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.Method);
        }
    }
#pragma warning restore RS1038, RS1041, RS1036, RS2008
}
