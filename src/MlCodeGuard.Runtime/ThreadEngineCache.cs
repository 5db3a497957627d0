using System;

namespace MlCodeGuard.Runtime;

/// <summary>
/// The engine <see cref="ModelHost{TIn, TOut}.Predict(in TIn, ref TOut)"/> keeps on each thread, with the generation it
/// belongs to. Non-generic on purpose: thread statics of a non-generic class are read inline by the JIT, while those of a
/// generic class over reference types go through a runtime lookup on every access.
/// </summary>
internal static class ThreadEngineCache
{
    [ThreadStatic]
    internal static IEngineOwner? Owner;

    [ThreadStatic]
    internal static object? Engine;

    [ThreadStatic]
    internal static int UntilSample;
}

/// <summary>A generation that can take back an engine without knowing its generic arguments.</summary>
internal interface IEngineOwner
{
    void ReturnEngine(object engine);
}
