using Microsoft.ML;
using MlCodeGuard.Runtime.Packaging;

namespace TaxiFareTraining;

/// <summary>
/// Publishes the trained model as a model package for samples/TaxiFareServing: the ML.NET zip with a manifest inside
/// and beside it (name, version, input/output schema, SHA-256, training-data fingerprint).
/// </summary>
public static class ModelPublisher
{
    public const string ModelName = "taxi-fare";
    public const string ModelVersion = "1.0.0";

    public static string Publish(string dataPath, string modelPath)
    {
        // Inference only: the model is loaded as saved, its input schema is the one Train stored with it.
        var mlContext = new MLContext(seed: 0);
        ITransformer model = mlContext.Model.Load(modelPath, out var inputSchema);
        IDataView trainingData = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');

        var packagePath = Path.Combine(AppContext.BaseDirectory, "models", ModelName + ".zip");
        Directory.CreateDirectory(Path.GetDirectoryName(packagePath)!);
        var manifest = ModelPackage.Save(mlContext, model, inputSchema, packagePath, new ModelPackageOptions
        {
            Name = ModelName,
            Version = ModelVersion,
            TrainingData = trainingData,
        });

        Console.WriteLine($"Model package {manifest.Name} {manifest.Version}: {packagePath} and {ModelPackage.GetSidecarPath(packagePath)}");
        return packagePath;
    }
}
