using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Tests;

public sealed class ModelPackageTests : IClassFixture<ModelFixture>
{
    private readonly ModelFixture _fixture;

    public ModelPackageTests(ModelFixture fixture) => _fixture = fixture;

    [Fact]
    public void Manifest_is_written_inside_and_beside_the_zip_and_round_trips()
    {
        var created = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var path = _fixture.Save(_fixture.ModelA, _fixture.TrainingData, "house-price", "1.2.3-rc.1+build.5", "roundtrip", o =>
        {
            o.CreatedUtc = created;
            o.Monitoring["drift"] = JsonDocument.Parse("""{"baseline":[1,2,3]}""").RootElement.Clone();
        });

        var inside = ModelPackage.ReadEmbeddedManifest(path);
        var beside = ModelPackage.ReadSidecarManifest(path)!;

        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "roundtrip.manifest.json"), ModelPackage.GetSidecarPath(path));
        Assert.Null(inside.PackageSha256);
        Assert.Equal(ModelFixture.Sha256(path), beside.PackageSha256);
        Assert.Equal(
            JsonSerializer.Serialize(inside, ModelPackage.JsonOptions),
            JsonSerializer.Serialize(beside with { PackageSha256 = null }, ModelPackage.JsonOptions));

        Assert.Equal(ModelPackage.CurrentFormatVersion, inside.FormatVersion);
        Assert.Equal("house-price", inside.Name);
        Assert.Equal("1.2.3-rc.1+build.5", inside.Version);
        Assert.Equal(created, inside.CreatedUtc);
        Assert.StartsWith("5.0.1", inside.MlNetVersion);
        Assert.Equal(ModelPackage.PayloadHashAlgorithm, inside.PayloadHashAlgorithm);
        Assert.Matches("^[0-9a-f]{64}$", inside.PayloadSha256);

        Assert.Equal(new[] { "Size", "Age", "Label" }, inside.InputSchema.Select(c => c.Name));
        Assert.All(inside.InputSchema, c => Assert.Equal(("Single", false, false), (c.ItemType, c.IsVector, c.IsKey)));
        var features = Assert.Single(inside.OutputSchema, c => c.Name == "Features");
        Assert.Equal(("Single", true, 2), (features.ItemType, features.IsVector, features.VectorSize));
        Assert.Equal("Vector<Single, 2>", features.Describe());
        Assert.Contains(inside.OutputSchema, c => c.Name == "Score" && c.ItemType == "Single" && !c.IsVector);

        var training = inside.TrainingData!;
        Assert.Equal(200, training.RowCount);
        Assert.Equal(100, training.SampleRows);
        Assert.Equal(3, training.Schema.Count);
        Assert.Matches("^[0-9a-f]{64}$", training.SchemaSha256);
        Assert.Matches("^[0-9a-f]{64}$", training.SampleSha256);
        Assert.Equal(new[] { 1, 2, 3 }, inside.Monitoring["drift"].GetProperty("baseline").EnumerateArray().Select(e => e.GetInt32()));

        var json = File.ReadAllText(ModelPackage.GetSidecarPath(path));
        Assert.Contains("\"payloadSha256\"", json);
        Assert.Contains("\"monitoring\"", json);
    }

    [Fact]
    public void MlNet_loads_the_package_unchanged_and_predicts_as_the_trained_model()
    {
        var context = new MLContext(seed: 1);
        var loaded = context.Model.Load(_fixture.PathA, out var schema);

        Assert.Equal(new[] { "Size", "Age", "Label" }, schema.Select(c => c.Name));
        var original = _fixture.Context.Model.CreatePredictionEngine<HouseInput, HousePrediction>(_fixture.ModelA).Predict(ModelFixture.Sample);
        var reloaded = context.Model.CreatePredictionEngine<HouseInput, HousePrediction>(loaded).Predict(ModelFixture.Sample);
        Assert.Equal(original.Score, reloaded.Score);
        Assert.InRange(reloaded.Score, 3.0f, 4.5f);

        using var zip = ZipFile.OpenRead(_fixture.PathA);
        Assert.Contains(zip.Entries, e => e.FullName == ModelPackage.ManifestEntryName);
    }

    [Fact]
    public void Payload_hash_is_stable_and_ignores_the_manifest_entry()
    {
        var manifest = ModelPackage.ReadEmbeddedManifest(_fixture.PathA);
        using (var package = File.OpenRead(_fixture.PathA))
        {
            Assert.Equal(manifest.PayloadSha256, ModelPackage.ComputePayloadSha256(package));
        }

        // The plain zip ML.NET writes for the same model hashes the same: the manifest entry is not part of the payload.
        using var plain = new MemoryStream();
        _fixture.Context.Model.Save(_fixture.ModelA, _fixture.TrainingData.Schema, plain);
        plain.Position = 0;
        Assert.Equal(manifest.PayloadSha256, ModelPackage.ComputePayloadSha256(plain));

        // Saving again gives the same payload hash; a different model gives another one.
        var again = _fixture.Save(_fixture.ModelA, _fixture.TrainingData, "house-price", "1.0.0", "again");
        Assert.Equal(manifest.PayloadSha256, ModelPackage.ReadEmbeddedManifest(again).PayloadSha256);
        Assert.NotEqual(manifest.PayloadSha256, ModelPackage.ReadEmbeddedManifest(_fixture.PathB).PayloadSha256);
    }

    [Fact]
    public void Training_fingerprint_tells_data_sets_apart()
    {
        var a = ModelPackage.Fingerprint(_fixture.TrainingData);
        var b = ModelPackage.Fingerprint(_fixture.TrainingDataB);
        Assert.Equal(a.SchemaSha256, b.SchemaSha256);
        Assert.NotEqual(a.SampleSha256, b.SampleSha256);
        Assert.Equal(a, ModelPackage.Fingerprint(_fixture.TrainingData) with { Schema = a.Schema });
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("v1.0.0")]
    public void Save_refuses_a_version_that_is_not_semver(string version)
    {
        var e = Assert.Throws<FormatException>(() =>
            _fixture.Save(_fixture.ModelA, _fixture.TrainingData, "house-price", version, "bad-version"));
        Assert.Contains($"'{version}'", e.Message);
    }
}
