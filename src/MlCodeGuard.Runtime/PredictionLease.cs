using System;
using Microsoft.ML;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime;

/// <summary>
/// A prediction engine rented from a <see cref="ModelHost{TIn, TOut}"/>, for one thread, until disposed. Dispose it
/// exactly once (a <c>using</c> statement); it is a struct so that renting allocates nothing.
/// </summary>
/// <typeparam name="TIn">The C# input type.</typeparam>
/// <typeparam name="TOut">The C# output type.</typeparam>
public readonly struct PredictionLease<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class, new()
{
    private readonly ModelGeneration<TIn, TOut> _generation;

    internal PredictionLease(ModelGeneration<TIn, TOut> generation, PredictionEngine<TIn, TOut> engine)
    {
        _generation = generation;
        Engine = engine;
    }

    /// <summary>The engine; not thread-safe, use it only on the renting thread and only until the lease is disposed.</summary>
    public PredictionEngine<TIn, TOut> Engine { get; }

    /// <summary>The generation the engine belongs to: 1 for the model loaded at start-up, +1 per swap.</summary>
    public long Generation => _generation.Number;

    /// <summary>The manifest of the model the engine belongs to.</summary>
    public ModelManifest Manifest => _generation.Model.Manifest;

    /// <summary>Predicts with the rented engine, without telemetry or observers.</summary>
    /// <param name="input">The input.</param>
    /// <param name="output">The output object to fill.</param>
    public void Predict(in TIn input, ref TOut output) => Engine.Predict(input, ref output);

    /// <summary>
    /// Returns the engine: to its generation's pool while that generation is serving, otherwise it is disposed.
    /// </summary>
    public void Dispose() => _generation?.Return(Engine);
}
