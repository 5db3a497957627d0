using Microsoft.ML;
using MlCodeGuard.Runtime.Monitoring;
using MlCodeGuard.Runtime.Packaging;

namespace TaxiFareTraining;

/// <summary>
/// Publishes the trained model as a model package for samples/TaxiFareServing: the ML.NET zip with a manifest inside
/// and beside it (name, version, input/output schema, SHA-256, training-data fingerprint, and the monitoring baseline
/// the service's drift monitor compares its traffic against).
/// </summary>
public static class ModelPublisher
{
    public const string ModelName = "taxi-fare";
    public const string ModelVersion = "1.0.0";

    /// <summary>The columns a request carries (the label is not among them): the ones the served model's monitor watches.</summary>
    public static readonly string[] MonitoredColumns =
        [nameof(TaxiTrip.VendorId), nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.PaymentType)];

    public static string Publish(string dataPath, string modelPath)
    {
        // Inference only: the model is loaded as saved, its input schema is the one Train stored with it.
        var mlContext = new MLContext(seed: 0);
        ITransformer model = mlContext.Model.Load(modelPath, out var inputSchema);
        IDataView trainingData = mlContext.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');

        var packagePath = Path.Combine(AppContext.BaseDirectory, "models", ModelName + ".zip");
        Directory.CreateDirectory(Path.GetDirectoryName(packagePath)!);
        var options = new ModelPackageOptions
        {
            Name = ModelName,
            Version = ModelVersion,
            TrainingData = trainingData,
        };

        // The monitoring baseline: quantiles, mean and variance of the numeric columns, category frequencies of the text
        // columns, and the model's score on the same rows. It goes into the manifest's "monitoring" section. The passenger
        // count takes four values: it is summarized as categories, not as a continuous distribution.
        var baseline = BaselineBuilder.FromDataView(trainingData, model, MonitoredColumns, categorical: [nameof(TaxiTrip.PassengerCount)]);
        baseline.AddTo(options);
        var manifest = ModelPackage.Save(mlContext, model, inputSchema, packagePath, options);

        Console.WriteLine($"Model package {manifest.Name} {manifest.Version}: {packagePath} and {ModelPackage.GetSidecarPath(packagePath)}");
        Console.WriteLine($"Monitoring baseline: {baseline.RowCount} rows, columns {string.Join(", ", baseline.Features.Select(f => f.Name))} and the score");
        return packagePath;
    }
}
