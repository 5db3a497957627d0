using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlCodeGuard.Runtime;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Generators.Tests;

/// <summary>
/// A real model package written by the runtime, user code compiled with the generator, the generated class loaded
/// into the test process: it verifies, predicts what a bare PredictionEngine predicts, and refuses other versions.
/// The MLG5xxx analyzers read the very manifest the runtime wrote.
/// </summary>
public sealed class EndToEndTests : IDisposable
{
    private const string UserCode = """
        using Microsoft.ML.Data;
        using MlCodeGuard.Runtime;

        namespace Shop;

        public sealed class HouseInput
        {
            public float Size { get; set; }
            public float Rooms { get; set; }
        }

        public sealed class PricePrediction
        {
            [ColumnName("Score")] public float Price { get; set; }
        }

        [MlModel<HouseInput, PricePrediction>("models/house.zip", Version = "1.0.0")]
        public partial class HouseModel;
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("mlguard-gen-").FullName;

    public sealed class Row
    {
        public float Size { get; set; }
        public float Rooms { get; set; }
        public float Label { get; set; }
    }

    private sealed class Out
    {
        public float Score { get; set; }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by ML.NET on some platform: the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task Generated_class_compiles_loads_and_predicts_a_real_model()
    {
        var (modelPath, manifest) = TrainPackage("1.0.0");
        var compilation = GeneratorHost.Compile(UserCode);
        var manifestFile = new InMemoryAdditionalText(Path.Combine(_dir, "models", "house.manifest.json"), File.ReadAllText(ModelPackage.GetSidecarPath(modelPath)));
        var zipFile = new InMemoryAdditionalText(modelPath, "(binary)");
        var (output, result) = GeneratorHost.Run(compilation, manifestFile, zipFile);
        GeneratorHost.AssertCompiles(output);
        Assert.Contains("ModelName = \"house\"", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);

        // The analyzers agree with the runtime's own manifest: nothing to report on a matching contract.
        Assert.Empty(await GeneratorHost.AnalyzeContractAsync(output, manifestFile, zipFile));

        var assembly = Emit(output);
        var modelType = assembly.GetType("Shop.HouseModel", throwOnError: true)!;
        var inputType = assembly.GetType("Shop.HouseInput", throwOnError: true)!;
        var load = modelType.GetMethod("Load", BindingFlags.Public | BindingFlags.Static)!;
        using var model = (IDisposable)load.Invoke(null, [modelPath, null])!;

        var input = Activator.CreateInstance(inputType)!;
        inputType.GetProperty("Size")!.SetValue(input, 120f);
        inputType.GetProperty("Rooms")!.SetValue(input, 4f);
        var prediction = modelType.GetMethods().Single(m => m.Name == "Predict" && m.GetParameters().Length == 1).Invoke(model, [input])!;
        var price = (float)prediction.GetType().GetProperty("Price")!.GetValue(prediction)!;

        var ml = new MLContext(seed: 0);
        var bare = ml.Model.Load(modelPath, out _);
        using var engine = ml.Model.CreatePredictionEngine<Row, Out>(bare);
        var expected = engine.Predict(new Row { Size = 120f, Rooms = 4f }).Score;
        Assert.Equal(expected, price, 4);
        Assert.InRange(price, 100f, 1500f); // the data is price = 3 x size + 10 x rooms + noise: 400 here

        Assert.Equal("1.0.0", (string)modelType.GetProperty("Version")!.GetValue(model)!);
        Assert.Equal(manifest.PayloadSha256, ((ModelManifest)modelType.GetProperty("Manifest")!.GetValue(model)!).PayloadSha256);
        var health = (ModelHealth)modelType.GetMethod("GetHealth")!.Invoke(model, null)!;
        Assert.Equal(ModelHealthStatus.Healthy, health.Status);
    }

    [Fact]
    public void Generated_loader_refuses_another_version_at_startup_and_another_major_on_reload()
    {
        var (modelPath, _) = TrainPackage("2.0.0");
        var (output, _) = GeneratorHost.Run(GeneratorHost.Compile(UserCode));
        var modelType = Emit(output).GetType("Shop.HouseModel", throwOnError: true)!;
        var load = modelType.GetMethod("Load", BindingFlags.Public | BindingFlags.Static)!;

        var error = Assert.Throws<TargetInvocationException>(() => load.Invoke(null, [modelPath, null]));
        var refused = Assert.IsType<ModelVerificationException>(error.InnerException);
        Assert.Equal(ModelVerificationFailureKind.Version, refused.Kind);
        Assert.Contains("declares version 1.0.0", refused.Message, StringComparison.Ordinal);

        // 1.0.0 serves; a 1.1.0 reload is accepted (same major), a 2.0.0 reload is refused and 1.1.0 keeps serving.
        TrainPackage("1.0.0");
        using var model = (IDisposable)load.Invoke(null, [modelPath, null])!;
        var reload = modelType.GetMethod("Reload")!;
        TrainPackage("1.1.0");
        Assert.True(((ReloadResult)reload.Invoke(model, null)!).Succeeded);
        TrainPackage("2.0.0");
        var failed = (ReloadResult)reload.Invoke(model, null)!;
        Assert.False(failed.Succeeded);
        Assert.Contains("major version 1", failed.Failure!.ToString(), StringComparison.Ordinal);
        Assert.Equal("1.1.0", (string)modelType.GetProperty("Version")!.GetValue(model)!);
    }

    [Fact]
    public async Task Analyzers_report_a_mismatch_against_the_runtime_written_manifest()
    {
        var (modelPath, _) = TrainPackage("1.0.0");
        var wrong = UserCode
            .Replace("public float Rooms { get; set; }", "public double Rooms { get; set; }", StringComparison.Ordinal)
            .Replace("[ColumnName(\"Score\")] public float Price", "[ColumnName(\"Probability\")] public float Price", StringComparison.Ordinal)
            .Replace("Version = \"1.0.0\"", "Version = \"1.1.0\"", StringComparison.Ordinal);
        var manifestFile = new InMemoryAdditionalText(Path.Combine(_dir, "models", "house.manifest.json"), File.ReadAllText(ModelPackage.GetSidecarPath(modelPath)));
        var (output, _) = GeneratorHost.Run(GeneratorHost.Compile(wrong), manifestFile);

        var diagnostics = (await GeneratorHost.AnalyzeContractAsync(output, manifestFile, new InMemoryAdditionalText(modelPath, "")))
            .Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(3, diagnostics.Length);
        Assert.StartsWith("MLG5003: Input column 'Rooms' (HouseInput.Rooms) is Double in C#, but the manifest 'models/house.manifest.json' says the model reads Single", diagnostics[0], StringComparison.Ordinal);
        Assert.StartsWith("MLG5003: Output column 'Probability' (PricePrediction.Price) is not produced by the model", diagnostics[1], StringComparison.Ordinal);
        Assert.StartsWith("MLG5004: [MlModel] says version 1.1.0, but the manifest 'models/house.manifest.json' says 1.0.0", diagnostics[2], StringComparison.Ordinal);
    }

    private (string Path, ModelManifest Manifest) TrainPackage(string version)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(7);
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            var size = 50f + (float)random.NextDouble() * 150f;
            var rooms = 1f + random.Next(6);
            return new Row { Size = size, Rooms = rooms, Label = (3f * size) + (10f * rooms) + (float)random.NextDouble() };
        }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Rooms))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 50));
        var model = pipeline.Fit(data);
        Directory.CreateDirectory(Path.Combine(_dir, "models"));
        var path = Path.Combine(_dir, "models", "house.zip");
        var manifest = ModelPackage.Save(ml, model, data.Schema, path, new ModelPackageOptions { Name = "house", Version = version, TrainingData = data });
        return (path, manifest);
    }

    private static Assembly Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        // A collectible context per test: the user assembly binds Microsoft.ML and the runtime of the test process.
        var context = new AssemblyLoadContext("UserApp-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        stream.Position = 0;
        return context.LoadFromStream(stream);
    }
}
