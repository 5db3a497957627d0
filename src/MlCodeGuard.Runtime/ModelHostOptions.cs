using System;
using System.Collections.Generic;

namespace MlCodeGuard.Runtime;

/// <summary>How a <see cref="ModelHost{TIn, TOut}"/> verifies, serves, reloads and measures a model.</summary>
/// <typeparam name="TIn">The C# input type.</typeparam>
/// <typeparam name="TOut">The C# output type.</typeparam>
public sealed class ModelHostOptions<TIn, TOut> : ModelVerificationOptions<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    /// <summary>Whether to reload when the model file (or the manifest beside it) changes. Default <see langword="false"/>.</summary>
    public bool WatchFile { get; set; }

    /// <summary>
    /// How long the file must stay quiet before a change triggers a reload, so that writing the zip and then its
    /// manifest causes one reload. Default 500 ms.
    /// </summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Time one prediction in this many for the <c>mlguard.prediction.duration</c> histogram (per thread; 1 times every
    /// prediction). Nothing is timed while no listener enables the histogram. Default 16.
    /// </summary>
    public int DurationSampleEvery { get; set; } = 16;

    /// <summary>
    /// The most idle prediction engines kept per model generation; engines returned beyond it are disposed. Default
    /// <c>2 * Environment.ProcessorCount</c>.
    /// </summary>
    public int MaxIdleEngines { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Observers that receive every prediction made through <c>Predict</c>.</summary>
    public IList<IPredictionObserver<TIn, TOut>> Observers { get; } = new List<IPredictionObserver<TIn, TOut>>();
}
