using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.ML;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime;

/// <summary>
/// Serves one model to many threads: verified loading, pooled prediction engines, hot swap with reload from a watched
/// file, telemetry and health.
/// </summary>
/// <remarks>
/// <para>
/// Engines are pooled per model generation. A swap publishes the new generation and then retires the old one; from the
/// moment <see cref="Swap"/> or <see cref="Reload"/> returns, no engine of an older generation is handed out, and engines
/// of older generations are disposed when their leases end instead of going back to a pool.
/// </para>
/// <para>
/// A failed start-up throws <see cref="ModelVerificationException"/>. A failed reload never throws: the previous model
/// keeps serving, and the failure is reported by <see cref="Reloaded"/>, <see cref="LastReload"/>, the
/// <c>mlguard.model.load_failures</c> counter and <see cref="GetHealth"/>.
/// </para>
/// </remarks>
/// <typeparam name="TIn">The C# input type.</typeparam>
/// <typeparam name="TOut">The C# output type.</typeparam>
public sealed class ModelHost<TIn, TOut> : IDisposable, IServingModel
    where TIn : class
    where TOut : class, new()
{
    private readonly ModelHostOptions<TIn, TOut> _options;
    private readonly IPredictionObserver<TIn, TOut>[] _observers;
    private readonly int _sampleEvery;
    private readonly object _reloadLock = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _debounce;
    private ModelGeneration<TIn, TOut>? _current;
    private ReloadResult? _lastReload;
    private int _disposed;

    private ModelHost(string path, LoadedModel model, ModelHostOptions<TIn, TOut> options)
    {
        ModelPath = Path.GetFullPath(path);
        _options = options;
        _observers = new IPredictionObserver<TIn, TOut>[options.Observers.Count];
        options.Observers.CopyTo(_observers, 0);
        _sampleEvery = Math.Max(1, options.DurationSampleEvery);
        _current = new ModelGeneration<TIn, TOut>(model, 1, options.MaxIdleEngines);
        RuntimeTelemetry.Register(this);

        if (options.WatchFile)
        {
            _debounce = new Timer(static state => ((ModelHost<TIn, TOut>)state!).OnDebounced(), this, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(ModelPath)!)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.Error += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>
    /// Raised after every reload, successful or not, on the thread that reloaded (a thread-pool thread for file
    /// changes). Exceptions thrown by handlers are caught and ignored so that a handler cannot stop serving.
    /// </summary>
    public event EventHandler<ModelReloadedEventArgs>? Reloaded;

    /// <summary>The full path of the served model file.</summary>
    public string ModelPath { get; }

    /// <summary>The serving model.</summary>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public LoadedModel Model => Serving.Model;

    /// <summary>The serving model's manifest.</summary>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public ModelManifest Manifest => Serving.Model.Manifest;

    /// <summary>The serving generation: 1 for the model loaded at start-up, +1 per successful swap.</summary>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public long Generation => Serving.Number;

    /// <summary>The outcome of the last reload, or <see langword="null"/> when there was none.</summary>
    public ReloadResult? LastReload => Volatile.Read(ref _lastReload);

    // The throw lives in a helper so that this getter inlines into Predict.
    private ModelGeneration<TIn, TOut> Serving => Volatile.Read(ref _current) ?? ThrowDisposed();

    /// <summary>Loads and verifies the model at <paramref name="path"/> and starts serving it.</summary>
    /// <param name="path">The model package.</param>
    /// <param name="options">Verification, reload, pooling, sampling and observers; defaults when <see langword="null"/>.</param>
    /// <returns>The host, serving generation 1.</returns>
    /// <exception cref="ModelVerificationException">The model failed verification; the message names the check.</exception>
    public static ModelHost<TIn, TOut> Start(string path, ModelHostOptions<TIn, TOut>? options = null)
    {
        options ??= new ModelHostOptions<TIn, TOut>();
        var model = ModelLoader.LoadCore(path, options, serving: null, trigger: "startup");
        return new ModelHost<TIn, TOut>(path, model, options);
    }

    /// <summary>
    /// Loads and verifies the model file again and swaps it in; when it fails, the previous model keeps serving.
    /// Reloads are serialized.
    /// </summary>
    /// <returns>The outcome, also stored in <see cref="LastReload"/> and raised through <see cref="Reloaded"/>.</returns>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public ReloadResult Reload() => ReloadCore(ReloadTrigger.Manual);

    /// <summary>
    /// Swaps in a model that was already verified for <typeparamref name="TIn"/> and <typeparamref name="TOut"/> (for
    /// example loaded ahead of time with <see cref="ModelLoader.Load{TIn, TOut}"/>). When this returns, no engine of the
    /// previous model is handed out any more.
    /// </summary>
    /// <param name="model">The model to serve.</param>
    /// <returns>The outcome, as for <see cref="Reload()"/>.</returns>
    /// <exception cref="ArgumentException">The model was verified for other types.</exception>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public ReloadResult Swap(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.InputType != typeof(TIn) || model.OutputType != typeof(TOut))
        {
            throw new ArgumentException(
                $"The model was verified for {model.InputType.Name} -> {model.OutputType.Name}, not {typeof(TIn).Name} -> {typeof(TOut).Name}.",
                nameof(model));
        }

        lock (_reloadLock)
        {
            var started = Stopwatch.GetTimestamp();
            SwapCore(model);
            return Complete(new ReloadResult(true, ReloadTrigger.Manual, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(started),
                model.Manifest.Version, model.Manifest.Version, Serving.Number, null));
        }
    }

    /// <summary>
    /// Rents an engine of the serving model for the calling thread. Dispose the lease to return it. Allocates nothing
    /// once an idle engine exists.
    /// </summary>
    /// <returns>The lease.</returns>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public PredictionLease<TIn, TOut> Rent()
    {
        while (true)
        {
            var generation = Serving;
            var engine = generation.Take();
            if (!generation.IsRetired)
            {
                return new PredictionLease<TIn, TOut>(generation, engine);
            }

            // A swap completed while we were taking: this engine belongs to a model that no longer serves.
            engine.Dispose();
        }
    }

    /// <summary>
    /// Predicts with an engine of the serving model into <paramref name="output"/>, then counts, samples the duration and
    /// calls the observers. Thread-safe; allocates nothing beyond what the model itself allocates.
    /// </summary>
    /// <remarks>
    /// Each thread keeps the engine it last used here together with its generation, so a call costs no interlocked
    /// operation; when the generation no longer serves (a swap completed) or the thread last predicted with another host,
    /// the kept engine goes back to its generation (disposed if retired) and one of the serving generation is taken from
    /// the pool. Do not call <c>Predict</c> of the same host from inside the model (a custom mapping) on the same thread.
    /// </remarks>
    /// <param name="input">The input.</param>
    /// <param name="output">The output object to fill; reuse it across calls to avoid allocating.</param>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public void Predict(in TIn input, ref TOut output)
    {
        var generation = Serving;
        var engine = ReferenceEquals(ThreadEngineCache.Owner, generation)
            ? Unsafe.As<PredictionEngine<TIn, TOut>>(ThreadEngineCache.Engine!)
            : AdoptThreadEngine(ref generation);

        if (RuntimeTelemetry.DurationHistogram.Enabled && --ThreadEngineCache.UntilSample <= 0)
        {
            ThreadEngineCache.UntilSample = _sampleEvery;
            var started = Stopwatch.GetTimestamp();
            engine.Predict(input, ref output);
            RuntimeTelemetry.DurationHistogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, generation.ModelTag, generation.VersionTag);
        }
        else
        {
            engine.Predict(input, ref output);
        }

        if (RuntimeTelemetry.PredictionsCounter.Enabled)
        {
            RuntimeTelemetry.PredictionsCounter.Add(1, generation.ModelTag, generation.VersionTag);
        }

        var observers = _observers;
        for (var i = 0; i < observers.Length; i++)
        {
            observers[i].OnPrediction(in input, in output);
        }
    }

    /// <summary>Predicts into a new output object (allocates it); see <see cref="Predict(in TIn, ref TOut)"/>.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The output.</returns>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public TOut Predict(TIn input)
    {
        var output = new TOut();
        Predict(in input, ref output);
        return output;
    }

    /// <summary>A snapshot for a health check: what is serving, since when, and how the last reload went.</summary>
    /// <returns>The snapshot.</returns>
    public ModelHealth GetHealth()
    {
        var generation = Volatile.Read(ref _current);
        var last = LastReload;
        if (generation is null)
        {
            return new ModelHealth(ModelHealthStatus.Unhealthy, false, null, null, 0, null, last, "no model is serving: the host was disposed");
        }

        var model = generation.Model;
        var serving = $"{model.Name} {model.Manifest.Version} (generation {generation.Number})";
        return last is { Succeeded: false }
            ? new ModelHealth(ModelHealthStatus.Degraded, true, model.Name, model.Manifest.Version, generation.Number, model.LoadedUtc, last,
                $"{serving}; last reload at {last.CompletedUtc:O} failed: {last.Failure}")
            : new ModelHealth(ModelHealthStatus.Healthy, true, model.Name, model.Manifest.Version, generation.Number, model.LoadedUtc, last, serving);
    }

    /// <summary>Stops watching, stops serving and disposes the idle engines; leases still out dispose theirs when returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();
        _debounce?.Dispose();
        RuntimeTelemetry.Unregister(this);
        lock (_reloadLock)
        {
            Interlocked.Exchange(ref _current, null)?.Retire();
        }
    }

    bool IServingModel.TryGetServing(out string name, out string version, out long generation)
    {
        var current = Volatile.Read(ref _current);
        name = current?.Model.Name ?? string.Empty;
        version = current?.Model.Manifest.Version ?? string.Empty;
        generation = current?.Number ?? 0;
        return current is not null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ModelGeneration<TIn, TOut> ThrowDisposed() => throw new ObjectDisposedException(nameof(ModelHost<TIn, TOut>));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PredictionEngine<TIn, TOut> AdoptThreadEngine(ref ModelGeneration<TIn, TOut> generation)
    {
        if (ThreadEngineCache.Owner is { } previous)
        {
            var kept = ThreadEngineCache.Engine!;
            ThreadEngineCache.Owner = null;
            ThreadEngineCache.Engine = null;
            previous.ReturnEngine(kept);
        }

        while (true)
        {
            var engine = generation.Take();
            if (!generation.IsRetired)
            {
                ThreadEngineCache.Owner = generation;
                ThreadEngineCache.Engine = engine;
                return engine;
            }

            engine.Dispose();
            generation = Serving;
        }
    }

    private ReloadResult ReloadCore(ReloadTrigger trigger)
    {
        lock (_reloadLock)
        {
            var serving = Serving;
            var triggerName = trigger == ReloadTrigger.Manual ? "manual" : "file";
            using var activity = RuntimeTelemetry.Source.StartActivity(RuntimeTelemetry.ReloadActivity);
            activity?.SetTag("mlguard.model", serving.Model.Name);
            activity?.SetTag("mlguard.trigger", triggerName);
            var started = Stopwatch.GetTimestamp();
            ReloadResult result;
            try
            {
                var model = ModelLoader.LoadCore(ModelPath, _options, serving.Model, triggerName);
                SwapCore(model);
                result = new ReloadResult(true, trigger, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(started),
                    model.Manifest.Version, model.Manifest.Version, Serving.Number, null);
                activity?.SetTag("mlguard.version", model.Manifest.Version);
            }
            catch (ModelVerificationException e)
            {
                result = new ReloadResult(false, trigger, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(started),
                    TryReadVersion(), serving.Model.Manifest.Version, serving.Number, e.Failure);
                activity?.SetStatus(ActivityStatusCode.Error, e.Failure.ToString());
            }

            RuntimeTelemetry.ReloadsCounter.Add(1,
                serving.ModelTag,
                new System.Collections.Generic.KeyValuePair<string, object?>("result", result.Succeeded ? "succeeded" : "failed"),
                new System.Collections.Generic.KeyValuePair<string, object?>("trigger", triggerName));
            return Complete(result);
        }
    }

    private void SwapCore(LoadedModel model)
    {
        var previous = Serving;
        var next = new ModelGeneration<TIn, TOut>(model, previous.Number + 1, _options.MaxIdleEngines);
        Volatile.Write(ref _current, next);
        previous.Retire();
    }

    private ReloadResult Complete(ReloadResult result)
    {
        Volatile.Write(ref _lastReload, result);
        var handlers = Reloaded;
        if (handlers is not null)
        {
            var args = new ModelReloadedEventArgs(result);
            foreach (EventHandler<ModelReloadedEventArgs> handler in handlers.GetInvocationList())
            {
                try
                {
                    handler(this, args);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A handler's failure must not turn a reload (possibly on a timer thread) into a crash.
                }
            }
        }

        return result;
    }

    private string? TryReadVersion()
    {
        try
        {
            return ModelPackage.ReadEmbeddedManifest(ModelPath).Version;
        }
        catch (Exception e) when (e is ModelVerificationException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (string.Equals(e.FullPath, ModelPath, StringComparison.Ordinal)
            || string.Equals(e.FullPath, ModelPackage.GetSidecarPath(ModelPath), StringComparison.Ordinal))
        {
            ScheduleReload();
        }
    }

    private void ScheduleReload()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _debounce?.Change(_options.ReloadDebounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call.
        }
    }

    private void OnDebounced()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            ReloadCore(ReloadTrigger.FileChange);
        }
        catch (ObjectDisposedException)
        {
            // The host was disposed while the timer fired.
        }
    }
}
