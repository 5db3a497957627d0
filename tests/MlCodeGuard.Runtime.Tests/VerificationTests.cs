using System.IO.Compression;
using System.Text.Json.Nodes;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Tests;

/// <summary>Each bad input is refused with a message that names the check, at start-up and on reload.</summary>
public sealed class VerificationTests : IClassFixture<ModelFixture>
{
    private readonly ModelFixture _fixture;

    public VerificationTests(ModelFixture fixture) => _fixture = fixture;

    public static TheoryData<string> BadInputs => new()
    {
        "flipped byte", "flipped payload byte without the manifest beside", "truncated zip", "manifest with another version",
        "unexpected version", "schema that does not match the C# types", "missing file", "plain ML.NET zip",
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Start_refuses_bad_input_with_a_clear_message(string bad)
    {
        var path = _fixture.Copy(_fixture.PathA);
        var (kind, message) = Spoil(path, bad);

        var e = Assert.Throws<ModelVerificationException>(() => ModelHost<HouseInput, HousePrediction>.Start(path, Options()));

        Assert.Equal(kind, e.Kind);
        Assert.Contains(message, e.Message);
        Assert.StartsWith("Model verification failed: " + kind.ToString().ToLowerInvariant() + ":", e.Message);
        Assert.Equal(path, e.ModelPath);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Reload_refuses_bad_input_and_the_previous_model_keeps_serving(string bad)
    {
        var path = _fixture.Copy(_fixture.PathA);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(path, Options());
        var before = host.Predict(ModelFixture.Sample).Score;
        ReloadResult? raised = null;
        host.Reloaded += (_, e) => raised = e.Result;

        var (kind, message) = Spoil(path, bad);
        var result = host.Reload();

        Assert.False(result.Succeeded);
        Assert.Equal(kind, result.Failure!.Kind);
        Assert.Contains(message, result.Failure.Detail);
        Assert.Same(result, raised);
        Assert.Same(result, host.LastReload);
        Assert.Equal("1.0.0", result.ServingVersion);
        Assert.Equal(1, result.ServingGeneration);
        Assert.Equal(1, host.Generation);
        Assert.Equal(before, host.Predict(ModelFixture.Sample).Score);

        var health = host.GetHealth();
        Assert.Equal(ModelHealthStatus.Degraded, health.Status);
        Assert.Equal("1.0.0", health.Version);
        Assert.Contains("last reload", health.Description);
        Assert.Contains(kind.ToString().ToLowerInvariant() + ":", health.Description);
    }

    [Fact]
    public void Reload_of_a_good_model_swaps_it_in()
    {
        var path = _fixture.Copy(_fixture.PathA);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(path);
        Assert.False(ModelFixture.IsFromB(host.Predict(ModelFixture.Sample).Score));

        ModelFixture.CopyInto(_fixture.PathB, path);
        var result = host.Reload();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(("2.0.0", "2.0.0", 2L), (result.AttemptedVersion, result.ServingVersion, result.ServingGeneration));
        Assert.Equal(2, host.Generation);
        Assert.True(ModelFixture.IsFromB(host.Predict(ModelFixture.Sample).Score));
        Assert.Equal(ModelHealthStatus.Healthy, host.GetHealth().Status);
    }

    [Fact]
    public void Output_type_with_a_column_the_model_does_not_write_is_refused()
    {
        var e = Assert.Throws<ModelVerificationException>(() => ModelLoader.Load<HouseInput, ProbabilityPrediction>(_fixture.PathA));
        Assert.Equal(ModelVerificationFailureKind.Schema, e.Kind);
        Assert.Contains("output column 'Probability' (ProbabilityPrediction.Probability) expected Single got nothing", e.Message);
    }

    [Fact]
    public void Output_type_of_another_item_type_is_refused()
    {
        var e = Assert.Throws<ModelVerificationException>(() => ModelLoader.Load<HouseInput, DoubleScorePrediction>(_fixture.PathA));
        Assert.Contains("schema: output column 'Score' (DoubleScorePrediction.Score) expected Double got Single", e.Message);
    }

    [Fact]
    public void Input_type_of_another_item_type_is_refused()
    {
        var e = Assert.Throws<ModelVerificationException>(() => ModelLoader.Load<TextSizeInput, HousePrediction>(_fixture.PathA));
        Assert.Contains("schema: input column 'Size' (TextSizeInput.Size) expected Text got Single", e.Message);
    }

    [Fact]
    public void Input_type_without_a_column_the_model_reads_is_refused()
    {
        var e = Assert.Throws<ModelVerificationException>(() => ModelLoader.Load<SizeOnlyInput, HousePrediction>(_fixture.PathA));
        Assert.Equal(ModelVerificationFailureKind.Schema, e.Kind);
        Assert.Contains("ML.NET cannot bind SizeOnlyInput -> HousePrediction to the model", e.Message);
        Assert.Contains("Age", e.Message);
    }

    [Fact]
    public void Model_C_loads_for_its_own_types()
    {
        var model = ModelLoader.Load<HouseInputDoubleAge, HousePrediction>(_fixture.PathC);
        Assert.Equal("3.0.0", model.Manifest.Version);
    }

    [Fact]
    public void Golden_cases_pass_within_tolerance_and_fail_with_the_difference()
    {
        var expected = ModelLoader.Load<HouseInput, HousePrediction>(_fixture.PathA);
        var score = expected.Context.Model.CreatePredictionEngine<HouseInput, HousePrediction>(expected.Transformer).Predict(ModelFixture.Sample).Score;

        var good = new ModelVerificationOptions<HouseInput, HousePrediction>();
        good.GoldenCases.Add(new(ModelFixture.Sample, new HousePrediction { Score = score + 1e-5f }));
        ModelLoader.Load(_fixture.PathA, good);

        var bad = new ModelVerificationOptions<HouseInput, HousePrediction> { GoldenTolerance = 0.01 };
        bad.GoldenCases.Add(new(ModelFixture.Sample, new HousePrediction { Score = score }));
        bad.GoldenCases.Add(new(ModelFixture.Sample, new HousePrediction { Score = 999 }));
        var e = Assert.Throws<ModelVerificationException>(() => ModelLoader.Load(_fixture.PathA, bad));
        Assert.Equal(ModelVerificationFailureKind.Golden, e.Kind);
        Assert.Contains("golden: golden case 1: Score expected 999 got", e.Message);
        Assert.Contains("(tolerance 0.01)", e.Message);
    }

    [Fact]
    public void Golden_failure_on_reload_keeps_the_previous_model()
    {
        var path = _fixture.Copy(_fixture.PathA);
        var options = new ModelHostOptions<HouseInput, HousePrediction> { GoldenTolerance = 5 };
        // A scores about 3.5 on the sample, B about 103.5.
        options.GoldenCases.Add(new(ModelFixture.Sample, new HousePrediction { Score = 3.5f }));
        using var host = ModelHost<HouseInput, HousePrediction>.Start(path, options);

        ModelFixture.CopyInto(_fixture.PathB, path);
        var result = host.Reload();

        Assert.Equal(ModelVerificationFailureKind.Golden, result.Failure?.Kind);
        Assert.False(ModelFixture.IsFromB(host.Predict(ModelFixture.Sample).Score));
    }

    [Fact]
    public void Version_policy_sees_the_serving_version()
    {
        var path = _fixture.Copy(_fixture.PathA);
        var options = new ModelHostOptions<HouseInput, HousePrediction>
        {
            VersionPolicy = (next, serving) => serving is null || next.Major == serving.Major ? null : $"major {next.Major} differs from the serving {serving}",
        };
        using var host = ModelHost<HouseInput, HousePrediction>.Start(path, options);

        ModelFixture.CopyInto(_fixture.PathB, path);
        var result = host.Reload();

        Assert.Equal(ModelVerificationFailureKind.Version, result.Failure?.Kind);
        Assert.Equal("version 2.0.0 refused: major 2 differs from the serving 1.0.0", result.Failure!.Detail);
        Assert.Equal("2.0.0", result.AttemptedVersion);
    }

    private static ModelHostOptions<HouseInput, HousePrediction> Options() => new() { ExpectedVersion = SemanticVersion.Parse("1.0.0") };

    /// <summary>Spoils the package at <paramref name="path"/>; returns the failure kind and a fragment of the message expected.</summary>
    private (ModelVerificationFailureKind Kind, string Message) Spoil(string path, string bad)
    {
        var sidecar = ModelPackage.GetSidecarPath(path);
        switch (bad)
        {
            case "flipped byte":
            {
                var bytes = File.ReadAllBytes(path);
                bytes[bytes.Length / 2] ^= 0x01;
                File.WriteAllBytes(path, bytes);
                return (ModelVerificationFailureKind.Hash, $"file SHA-256 of '{path}' is {ModelFixture.Sha256(path)}, the manifest beside it says");
            }

            case "flipped payload byte without the manifest beside":
            {
                File.Delete(sidecar);
                using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
                {
                    var entry = zip.Entries.Where(e => e.FullName != ModelPackage.ManifestEntryName).OrderByDescending(e => e.Length).First();
                    byte[] content;
                    using (var s = entry.Open())
                    using (var copy = new MemoryStream())
                    {
                        s.CopyTo(copy);
                        content = copy.ToArray();
                    }

                    content[content.Length / 2] ^= 0x01;
                    using (var s = entry.Open())
                    {
                        s.SetLength(0);
                        s.Write(content);
                    }
                }

                return (ModelVerificationFailureKind.Hash, "payload SHA-256 is ");
            }

            case "truncated zip":
            {
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                return (ModelVerificationFailureKind.Corrupt, "is not a readable zip");
            }

            case "manifest with another version":
            {
                var json = JsonNode.Parse(File.ReadAllText(sidecar))!;
                json["version"] = "9.9.9";
                File.WriteAllText(sidecar, json.ToJsonString());
                return (ModelVerificationFailureKind.Version, "the manifest beside the zip says version 9.9.9, the one inside says 1.0.0");
            }

            case "unexpected version":
                ModelFixture.CopyInto(_fixture.PathB, path);
                return (ModelVerificationFailureKind.Version, "version expected 1.0.0 got 2.0.0");

            case "schema that does not match the C# types":
            {
                // Model C reads Age as a double; repackaged as 1.0.0 so that only the schema is wrong.
                var c = _fixture.Save(_fixture.ModelC, _fixture.Context.Data.LoadFromEnumerable(Array.Empty<HouseInputDoubleAge>()),
                    "house-price", "1.0.0", "c-" + Guid.NewGuid().ToString("N"));
                ModelFixture.CopyInto(c, path);
                return (ModelVerificationFailureKind.Schema, "input column 'Age' (HouseInput.Age) expected Single got Double");
            }

            case "missing file":
                File.Delete(path);
                return (ModelVerificationFailureKind.Missing, $"model file '{path}' does not exist");

            case "plain ML.NET zip":
                File.Delete(sidecar);
                _fixture.Context.Model.Save(_fixture.ModelA, _fixture.TrainingData.Schema, path);
                return (ModelVerificationFailureKind.Manifest, "has no 'mlguard.manifest.json' entry");

            default:
                throw new ArgumentOutOfRangeException(nameof(bad), bad, null);
        }
    }
}
