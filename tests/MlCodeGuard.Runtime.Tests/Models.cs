using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Tests;

public sealed class HouseInput
{
    public float Size { get; set; }

    public float Age { get; set; }

    public float Label { get; set; }
}

public sealed class HousePrediction
{
    public float Score { get; set; }
}

/// <summary>The same columns as <see cref="HouseInput"/>, but Age is a double: the input of model C.</summary>
public sealed class HouseInputDoubleAge
{
    public float Size { get; set; }

    public double Age { get; set; }

    public float Label { get; set; }
}

/// <summary>Lacks Age, which the model reads.</summary>
public sealed class SizeOnlyInput
{
    public float Size { get; set; }
}

public sealed class TextSizeInput
{
    public string Size { get; set; } = "";

    public float Age { get; set; }
}

public sealed class DoubleScorePrediction
{
    public double Score { get; set; }
}

public sealed class ProbabilityPrediction
{
    public float Score { get; set; }

    public float Probability { get; set; }
}

/// <summary>
/// Trains three tiny real models once per test class: A predicts about 2*Size + Age, B the same plus 100 (so its
/// outputs are told apart from A's at a glance), C reads Age as a double (a schema the C# types above do not match).
/// Each is saved as a package into a fixture folder; tests copy them before tampering.
/// </summary>
public sealed class ModelFixture : IDisposable
{
    public const float Offset = 100f;

    public ModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mlguard-rt-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Context = new MLContext(seed: 1);

        var rows = MakeRows(200, 0f);
        TrainingData = Context.Data.LoadFromEnumerable(rows);
        ModelA = Train(TrainingData);
        var rowsB = MakeRows(200, Offset);
        TrainingDataB = Context.Data.LoadFromEnumerable(rowsB);
        ModelB = Train(TrainingDataB);

        var rowsC = rows.Select(r => new HouseInputDoubleAge { Size = r.Size, Age = r.Age, Label = r.Label }).ToArray();
        var dataC = Context.Data.LoadFromEnumerable(rowsC);
        var pipelineC = Context.Transforms.Conversion.ConvertType("AgeF", "Age", DataKind.Single)
            .Append(Context.Transforms.Concatenate("Features", "Size", "AgeF"))
            .Append(Context.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5));
        ModelC = pipelineC.Fit(dataC);
        SchemaC = dataC.Schema;

        PathA = Save(ModelA, TrainingData, "house-price", "1.0.0", "a");
        PathB = Save(ModelB, TrainingDataB, "house-price", "2.0.0", "b");
        PathC = Save(ModelC, dataC, "house-price", "3.0.0", "c");
    }

    public string Directory { get; }

    public MLContext Context { get; }

    public IDataView TrainingData { get; }

    public IDataView TrainingDataB { get; }

    public ITransformer ModelA { get; }

    public ITransformer ModelB { get; }

    public ITransformer ModelC { get; }

    public DataViewSchema SchemaC { get; }

    public string PathA { get; }

    public string PathB { get; }

    public string PathC { get; }

    public static HouseInput Sample => new() { Size = 1.5f, Age = 0.5f };

    /// <summary>A's score on <see cref="Sample"/> is far below 50, B's far above.</summary>
    public static bool IsFromB(float score) => score > Offset / 2;

    public string Save(ITransformer model, IDataView data, string name, string version, string file, Action<ModelPackageOptions>? configure = null)
    {
        var path = Path.Combine(Directory, file + ".zip");
        var options = new ModelPackageOptions { Name = name, Version = version, TrainingData = data };
        configure?.Invoke(options);
        ModelPackage.Save(Context, model, data.Schema, path, options);
        return path;
    }

    /// <summary>Copies a package (zip and the manifest beside it) into a fresh folder of the test's own.</summary>
    public string Copy(string package, string? directory = null)
    {
        directory ??= Path.Combine(Directory, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, "model.zip");
        CopyInto(package, target);
        return target;
    }

    /// <summary>Replaces the package at <paramref name="target"/> with <paramref name="package"/>, each file moved into place whole.</summary>
    public static void CopyInto(string package, string target)
    {
        Replace(package, target);
        Replace(ModelPackage.GetSidecarPath(package), ModelPackage.GetSidecarPath(target));
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Replace(string source, string target)
    {
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.Copy(source, temp);
        File.Move(temp, target, overwrite: true);
    }

    private ITransformer Train(IDataView data) =>
        Context.Transforms.Concatenate("Features", "Size", "Age")
            .Append(Context.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5))
            .Fit(data);

    private static HouseInput[] MakeRows(int count, float offset)
    {
        var random = new Random(42);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var size = (float)random.NextDouble() * 3;
            var age = (float)random.NextDouble();
            return new HouseInput { Size = size, Age = age, Label = 2 * size + age + offset + (float)(random.NextDouble() * 0.01) };
        }).ToArray();
    }
}
