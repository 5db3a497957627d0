using System;
using Microsoft.ML;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime;

/// <summary>
/// A model that passed verification for one pair of C# input and output types: the ML.NET transformer with its manifest.
/// Produced by <see cref="ModelLoader.Load{TIn, TOut}"/>; a <see cref="ModelHost{TIn, TOut}"/> serves it.
/// </summary>
public sealed class LoadedModel
{
    internal LoadedModel(string path, ModelManifest manifest, MLContext context, ITransformer transformer, DataViewSchema inputSchema, Type inputType, Type outputType)
    {
        Path = path;
        Manifest = manifest;
        Context = context;
        Transformer = transformer;
        InputSchema = inputSchema;
        InputType = inputType;
        OutputType = outputType;
        SemanticVersion = SemanticVersion.Parse(manifest.Version);
        LoadedUtc = DateTimeOffset.UtcNow;
    }

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; }

    /// <summary>The verified manifest (the copy inside the zip).</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The model's name.</summary>
    public string Name => Manifest.Name;

    /// <summary>The model's version.</summary>
    public SemanticVersion SemanticVersion { get; }

    /// <summary>The context the model was loaded into.</summary>
    public MLContext Context { get; }

    /// <summary>The ML.NET model.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The input schema ML.NET stored with the model.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The C# input type the model was verified against.</summary>
    public Type InputType { get; }

    /// <summary>The C# output type the model was verified against.</summary>
    public Type OutputType { get; }

    /// <summary>When verification finished (UTC).</summary>
    public DateTimeOffset LoadedUtc { get; }
}
