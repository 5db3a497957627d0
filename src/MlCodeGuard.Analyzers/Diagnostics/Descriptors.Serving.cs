using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>MLG4xxx: serving, lifetime and cost.</summary>
public static partial class Descriptors
{
    /// <remarks>
    /// Default severity Warning; reported with an effective severity of Error when the compilation references ASP.NET
    /// Core, where every request runs on its own thread and a shared engine is certain to be used concurrently.
    /// </remarks>
    public static readonly DiagnosticDescriptor SharedPredictionEngine = Create(
        DiagnosticIds.SharedPredictionEngine,
        "PredictionEngine is shared between threads",
        "PredictionEngine {0}: it is not thread-safe, so concurrent Predict calls corrupt its buffers; use a pool (ObjectPool, PredictionEnginePool) or one engine per thread (ThreadLocal)",
        DiagnosticCategories.Serving,
        DiagnosticSeverity.Warning,
        "PredictionEngine reuses its input and output buffers between calls and is documented as not thread-safe. Stored in a static member, a thread-safe Lazy, a singleton service or a field of one, or captured by Parallel.*, Task.Run or a PLINQ query, it is called from several threads at once and throws 'Index was outside the bounds of the array' or returns another request's prediction. Rent engines from a pool (Microsoft.Extensions.ObjectPool, Microsoft.Extensions.ML's PredictionEnginePool, the MlCodeGuard runtime's pooled loader) or keep one per thread (ThreadLocal<T>, [ThreadStatic]). Raised to an error in ASP.NET Core apps.");

    public static readonly DiagnosticDescriptor PredictionEnginePerCall = Create(
        DiagnosticIds.PredictionEnginePerCall,
        "Model, context or prediction engine is created on every call",
        "'{0}' runs {1}: {2}",
        DiagnosticCategories.Serving,
        DiagnosticSeverity.Warning,
        "Creating a PredictionEngine compiles the model's whole pipeline into delegates; Model.Load reads and deserializes the model file; an MLContext allocates its catalogs. Doing either for every item of a loop or every request of a web endpoint costs orders of magnitude more than the prediction itself and has exhausted memory in production. Create them once (outside the loop, at start-up, or in a pool) and reuse them; for a batch, score all items at once with model.Transform(ml.Data.LoadFromEnumerable(items)).");

    public static readonly DiagnosticDescriptor PredictionEngineLifetime = Create(
        DiagnosticIds.PredictionEngineLifetime,
        "PredictionEngine is not disposed, or its disposal destroys a shared model",
        "{0}",
        DiagnosticCategories.Serving,
        DiagnosticSeverity.Warning,
        "A PredictionEngine holds the model's row mappers and buffers (native memory for ONNX and TensorFlow models) until it is disposed, and by default it owns its transformer: disposing the engine disposes the model too. Dispose an engine built over a model of your own (using). An engine over a model kept in a field, a static or a cache must be created with PredictionEngineOptions.OwnsTransformer = false before it is disposed, or the next caller of the model gets an ObjectDisposedException or an AccessViolationException.");

    public static readonly DiagnosticDescriptor ModelSavedWithoutInputSchema = Create(
        DiagnosticIds.ModelSavedWithoutInputSchema,
        "Model is saved without the schema of its input",
        "'{0}' saves model '{1}' {2}: the saved file cannot describe the data it expects",
        DiagnosticCategories.Serving,
        DiagnosticSeverity.Warning,
        "Model.Save(model, inputSchema, path) stores the schema of the data the model reads, and Model.Load(path, out schema) gives it back to the code that serves the model. Saved with null, the loaded schema is null and consumers that build engines or validation from it fail with a NullReferenceException. Saved with the schema of already-transformed data (the model's own output, predictions), the file describes the wrong columns. Pass the Schema of the data given to Fit.");

    public static readonly DiagnosticDescriptor MissingCacheBeforeMultiPassTrainer = Create(
        DiagnosticIds.MissingCacheBeforeMultiPassTrainer,
        "Multi-pass trainer reads uncached data",
        "'{0}' makes several passes over its data, which {1} on every pass: append AppendCacheCheckpoint before the trainer",
        DiagnosticCategories.Serving,
        DiagnosticSeverity.Info,
        "ML.NET does not cache data by default. SDCA, L-BFGS, the online linear trainers (AveragedPerceptron, LinearSvm, OnlineGradientDescent), SymbolicSGD and KMeans iterate over their training data many times; fed from a text or binary file, or from an expensive featurizer (text, n-grams, word embeddings, tree featurizers, LDA), every pass re-reads and re-featurizes every row, and training appears to hang. AppendCacheCheckpoint(mlContext) before the trainer keeps the rows in memory. Leave it out for data sets that do not fit in memory.");

    public static readonly DiagnosticDescriptor MissingNormalizationForLinearTrainer = Create(
        DiagnosticIds.MissingNormalizationForLinearTrainer,
        "Linear or distance-based trainer gets unnormalized features",
        "'{0}' needs normalized features, but feature column '{1}' takes {2} unscaled: insert a Normalize* step in the chain",
        DiagnosticCategories.Serving,
        DiagnosticSeverity.Info,
        "Linear trainers (SDCA, L-BFGS, SGD, AveragedPerceptron, LinearSvm, OnlineGradientDescent) and KMeans are sensitive to the scale of each feature: a feature measured in thousands dominates one measured in fractions, convergence slows and accuracy drops silently. ML.NET's trainer documentation marks them 'Is normalization required? Yes'. Put a normalizer (NormalizeMinMax, NormalizeMeanVariance...) in the training chain, so it is fitted on the training rows only. Encoded columns (one-hot, text features, key vectors) are already on a comparable scale and are not reported.");
}
