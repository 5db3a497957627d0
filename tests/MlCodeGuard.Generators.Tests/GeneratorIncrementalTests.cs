using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MlCodeGuard.Generators.Tests;

/// <summary>
/// The pipeline's models are value-equal: an edit that does not touch an [MlModel] class leaves every step cached
/// (dotnet/runtime LoggerMessageGeneratorIncrementalTests).
/// </summary>
public class GeneratorIncrementalTests
{
    private const string Unrelated = """
        namespace Shop;
        public static class Pricing
        {
            public static decimal Discount(decimal price) => price * 0.9m;
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        var manifest = new InMemoryAdditionalText("/src/Shop/models/churn.manifest.json", GeneratorSnapshotTests.ChurnManifest);
        var compilation = GeneratorHost.Compile(GeneratorSnapshotTests.Types, GeneratorSnapshotTests.Model, Unrelated);
        var driver = GeneratorHost.CreateDriver([manifest], trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Single(first.GeneratedSources);

        var old = compilation.SyntaxTrees.Single(t => t.ToString().Contains("Pricing", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            Unrelated.Replace("0.9m", "0.85m", StringComparison.Ordinal), GeneratorHost.ParseOptions, path: old.FilePath));
        driver = driver.RunGenerators(edited);
        var second = driver.GetRunResult().Results.Single();

        foreach (var step in new[] { MlModelGenerator.Steps.Models, MlModelGenerator.Steps.Manifests, MlModelGenerator.Steps.ModelsWithManifests })
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), "step not tracked: " + step);
            var reasons = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + o.Reason));
        Assert.Equal(first.GeneratedSources.Single().SourceText.ToString(), second.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Editing_the_attribute_regenerates()
    {
        var compilation = GeneratorHost.Compile(GeneratorSnapshotTests.Types, GeneratorSnapshotTests.Model);
        var driver = GeneratorHost.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var old = compilation.SyntaxTrees.Single(t => t.ToString().Contains("ChurnModel", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            GeneratorSnapshotTests.Model.Replace("1.2.0", "1.3.0", StringComparison.Ordinal), GeneratorHost.ParseOptions, path: old.FilePath));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[MlModelGenerator.Steps.Models].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"1.3.0\"", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_the_manifest_regenerates_with_its_name()
    {
        var compilation = GeneratorHost.Compile(GeneratorSnapshotTests.Types, GeneratorSnapshotTests.Model);
        var manifest = new InMemoryAdditionalText("/src/Shop/models/churn.manifest.json", GeneratorSnapshotTests.ChurnManifest);
        var driver = GeneratorHost.CreateDriver([manifest], trackSteps: true).RunGenerators(compilation);
        var renamed = new InMemoryAdditionalText(manifest.Path, GeneratorSnapshotTests.ChurnManifest.Replace("\"churn\"", "\"churn-v2\"", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(manifest, renamed).RunGenerators(compilation);

        Assert.Contains("ModelName = \"churn-v2\"", driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }
}
