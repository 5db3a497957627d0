using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Generators.Tests;

/// <summary>
/// The compiler extensions' own manifest reader (no System.Text.Json in a compiler host): it reads what the runtime
/// writes, and a broken file gives null, never an exception inside the compiler.
/// </summary>
public class ManifestReaderTests
{
    [Fact]
    public void Reads_name_version_and_schemas_of_a_runtime_written_manifest()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "samples", "TaxiFareServing", "models", "taxi-fare.manifest.json"));
        var manifest = ManifestSummary.TryParse(text);

        Assert.NotNull(manifest);
        Assert.Equal("taxi-fare", manifest.Name);
        Assert.Equal("1.0.0", manifest.Version);
        Assert.Equal(["VendorId", "PassengerCount", "TripDistance", "PaymentType", "Label"], manifest.InputSchema.Select(c => c.Name));
        var features = Assert.Single(manifest.OutputSchema, c => c.Name == "Features");
        Assert.True(features.IsVector);
        Assert.True(features.VectorSize > 0);
        Assert.Equal("Single", Assert.Single(manifest.OutputSchema, c => c.Name == "Score").ItemType);
        Assert.Equal("Text", manifest.InputSchema[0].ItemType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{ \"name\": ")]
    [InlineData("{ \"name\": \"a\" } trailing")]
    [InlineData("{ \"name\": \"\\u12\" }")]
    [InlineData("{ \"version\": 1.0.0 }")]
    public void Broken_text_gives_null(string text) => Assert.Null(ManifestSummary.TryParse(text));

    [Fact]
    public void Escapes_and_deep_nesting()
    {
        Assert.Equal("5.0.1+a", ManifestSummary.TryParse("{\"name\":\"x\",\"version\":\"5.0.1\\u002Ba\"}")!.Version);
        Assert.Null(ManifestSummary.TryParse(new string('[', 10_000)));
    }

    [Fact]
    public void Truncated_and_mutated_manifests_never_throw()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "samples", "TaxiFareServing", "models", "taxi-fare.manifest.json"));
        var random = new Random(20261126);
        for (var i = 0; i < 2000; i++)
        {
            var at = random.Next(text.Length);
            var mutant = (i % 3) switch
            {
                0 => text[..at],
                1 => text.Remove(at, 1),
                _ => text.Insert(at, "\"{[:,\\u"[random.Next(7)].ToString()),
            };
            _ = ManifestSummary.TryParse(mutant); // must return, parsed or null
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlCodeGuard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MlCodeGuard.sln not found");
    }
}
