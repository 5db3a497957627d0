using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// The package ships one analyzer, <see cref="MlCodeGuardAnalyzer"/>, that hosts every rule. These tests pin that it hosts
/// them all and that hosting changes nothing a user sees: the same diagnostics as the rules run one by one.
/// </summary>
public class RuleHostTests
{
    [Fact]
    public void The_host_is_the_only_analyzer_the_compiler_loads()
    {
        var loaded = Assert.Single(AllExtensions.Analyzers);
        Assert.IsType<MlCodeGuardAnalyzer>(loaded);
    }

    [Fact]
    public void The_host_runs_every_rule_once_and_supports_every_descriptor()
    {
        var hosted = new MlCodeGuardAnalyzer().Rules.Select(r => r.GetType()).ToArray();
        Assert.Equal(hosted.Length, hosted.Distinct().Count());
        var all = typeof(MlAnalyzer).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(MlAnalyzer).IsAssignableFrom(t));
        Assert.Equal(all.OrderBy(t => t.Name, StringComparer.Ordinal), hosted.OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(
            Descriptors.All.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal),
            new MlCodeGuardAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
    }

    public static IEnumerable<object[]> Sources()
    {
        yield return new object[] { "samples/TaxiFareTraining" };
        yield return new object[] { "tests/MlCodeGuard.Analyzers.Tests/LeakageCorpus" };
        yield return new object[] { "tests/MlCodeGuard.Analyzers.Tests/Corpus" };
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_host_reports_exactly_what_the_rules_report_one_by_one(string folder)
    {
        var files = AllExtensions.SourceFiles(folder);
        Assert.NotEmpty(files);
        var hosted = new List<string>();
        var oneByOne = new List<string>();
        // One file per compilation (the corpora are independent programs); the sample is one program.
        var groups = folder.StartsWith("samples", StringComparison.Ordinal) ? new[] { files } : files.Select(f => new[] { f });
        foreach (var group in groups)
        {
            var compilation = AnalyzerHost.Compile(group.Select(File.ReadAllText), kind: OutputKind.ConsoleApplication);
            var host = await AnalyzerHost.RunAsync(compilation);
            Assert.Empty(host.Exceptions);
            hosted.AddRange(host.Diagnostics.Select(Describe));
            foreach (var rule in AllExtensions.Rules)
            {
                var alone = await AnalyzerHost.RunAsync(compilation, ImmutableArray.Create(rule));
                Assert.Empty(alone.Exceptions);
                oneByOne.AddRange(alone.Diagnostics.Select(Describe));
            }
        }

        Assert.Contains(hosted, d => d.StartsWith("MLG", StringComparison.Ordinal));
        Assert.Equal(oneByOne.Order(StringComparer.Ordinal), hosted.Order(StringComparer.Ordinal));
    }

    private static string Describe(Diagnostic d)
        => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} +{string.Join(";", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}";

    public static IEnumerable<object[]> BuildSources()
    {
        yield return new object[] { "samples" };
        yield return new object[] { "tests/MlCodeGuard.Analyzers.Tests/LeakageCorpus" };
        yield return new object[] { "tests/MlCodeGuard.Analyzers.Tests/Corpus" };
    }

    /// <summary>
    /// A build finds type-wide facts without symbol-start scopes (<c>TypeScope</c>'s build path); it must report exactly
    /// what the IDE's path reports, with no analyzer exception.
    /// </summary>
    [Theory]
    [MemberData(nameof(BuildSources))]
    public async Task A_build_reports_exactly_what_the_ide_path_reports(string folder)
    {
        var files = AllExtensions.SourceFiles(folder);
        Assert.NotEmpty(files);
        var ide = new List<string>();
        var build = new List<string>();
        var groups = folder.StartsWith("samples", StringComparison.Ordinal)
            ? files.GroupBy(f => Path.GetRelativePath(Path.Combine(AllExtensions.RepoRoot, "samples"), f).Split(Path.DirectorySeparatorChar)[0]).Select(g => g.ToArray())
            : files.Select(f => new[] { f });
        foreach (var group in groups)
        {
            var compilation = AnalyzerHost.Compile(group.Select(File.ReadAllText), kind: OutputKind.ConsoleApplication);
            var inIde = await AnalyzerHost.RunAsync(compilation);
            var inBuild = await AnalyzerHost.RunAsync(compilation, build: true);
            Assert.Empty(inIde.Exceptions);
            Assert.Empty(inBuild.Exceptions);
            ide.AddRange(inIde.Diagnostics.Select(Describe));
            build.AddRange(inBuild.Diagnostics.Select(Describe));
        }

        Assert.Contains(ide, d => d.StartsWith("MLG", StringComparison.Ordinal));
        Assert.Equal(ide.Order(StringComparer.Ordinal), build.Order(StringComparer.Ordinal));
    }
}
