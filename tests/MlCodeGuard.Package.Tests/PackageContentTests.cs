using System.IO.Compression;
using System.Xml.Linq;

namespace MlCodeGuard.Package.Tests;

/// <summary>What the nupkg contains: the three compiler extensions under analyzers/dotnet/cs and nothing else to load.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageContentTests(PackedPackageFixture package)
{
    [Fact]
    public async Task Package_ShipsExactlyTheAnalyzerCodeFixAndGeneratorAssemblies_AndNoLib()
    {
        await package.EnsurePackedAsync();

        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        string[] entries = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToArray();
        string listing = "Entries:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, entries);

        string[] analyzerDlls = entries
            .Where(e => e.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(e => e["analyzers/dotnet/cs/".Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(
            analyzerDlls.SequenceEqual(["MlCodeGuard.Analyzers.dll", "MlCodeGuard.CodeFixes.dll", "MlCodeGuard.Generators.dll"]),
            "analyzers/dotnet/cs must hold exactly the analyzer, code-fix and generator assemblies. " + listing);

        // The targets every consumer imports (MlCodeGuardAnalysisMode, see README "In a build and in the IDE").
        Assert.True(entries.Contains("build/MlCodeGuard.targets"), "build/MlCodeGuard.targets is missing. " + listing);

        // Any other assembly (Roslyn itself, a placeholder lib) would be loaded by, or flow into, the consumer.
        Assert.True(!entries.Any(e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase)), "Nothing may be packed under lib/. " + listing);
        Assert.True(
            entries.Count(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) == 3,
            "No assembly may be packed outside analyzers/dotnet/cs. " + listing);
    }

    [Fact]
    public async Task Nuspec_IsADevelopmentDependency_WithIdMlCodeGuard_AndNoDependencies()
    {
        await package.EnsurePackedAsync();

        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        ZipArchiveEntry nuspecEntry = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        XDocument nuspec;
        using (Stream stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }
        XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("MlCodeGuard", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        // Analyzers must not drag NETStandard.Library or Roslyn into the consumer's dependency graph.
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }
}
