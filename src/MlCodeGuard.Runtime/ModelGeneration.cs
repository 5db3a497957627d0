using System.Collections.Generic;
using System.Threading;
using Microsoft.ML;

namespace MlCodeGuard.Runtime;

/// <summary>
/// One served version of a model and the idle engines made for it. Once retired (a newer generation is serving) it
/// hands out nothing: idle engines are disposed, and engines returned to it later are disposed instead of kept.
/// </summary>
internal sealed class ModelGeneration<TIn, TOut> : IEngineOwner
    where TIn : class
    where TOut : class, new()
{
    // Roslyn's ObjectPool layout: one fast slot, then a small array scanned with CompareExchange. Rent and return cost a
    // couple of interlocked operations and never allocate.
    private PredictionEngine<TIn, TOut>? _first;
    private readonly Slot[] _slots;
    private int _retired;

    public ModelGeneration(LoadedModel model, long number, int maxIdle)
    {
        Model = model;
        Number = number;
        _slots = new Slot[System.Math.Max(0, maxIdle - 1)];
        ModelTag = new KeyValuePair<string, object?>(RuntimeTelemetry.ModelTag, model.Name);
        VersionTag = new KeyValuePair<string, object?>(RuntimeTelemetry.VersionTag, model.Manifest.Version);
    }

    public LoadedModel Model { get; }

    public long Number { get; }

    public KeyValuePair<string, object?> ModelTag { get; }

    public KeyValuePair<string, object?> VersionTag { get; }

    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    public PredictionEngine<TIn, TOut> Take()
    {
        var engine = _first;
        if (engine is not null && Interlocked.CompareExchange(ref _first, null, engine) == engine)
        {
            return engine;
        }

        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            engine = slots[i].Engine;
            if (engine is not null && Interlocked.CompareExchange(ref slots[i].Engine, null, engine) == engine)
            {
                return engine;
            }
        }

        return Model.Context.Model.CreatePredictionEngine<TIn, TOut>(Model.Transformer);
    }

    public void Return(PredictionEngine<TIn, TOut> engine)
    {
        if (!IsRetired && TryKeep(engine))
        {
            // The retirement may have drained the pool between the check above and the keep: drain again, so that no
            // engine of a retired generation stays alive in it. The interlocked keep is a full fence, so either this read
            // sees the retirement or the retirement's drain sees the kept engine.
            if (IsRetired)
            {
                Drain();
            }

            return;
        }

        engine.Dispose();
    }

    void IEngineOwner.ReturnEngine(object engine) => Return((PredictionEngine<TIn, TOut>)engine);

    public void Retire()
    {
        Interlocked.Exchange(ref _retired, 1);
        Drain();
    }

    private bool TryKeep(PredictionEngine<TIn, TOut> engine)
    {
        if (_first is null && Interlocked.CompareExchange(ref _first, engine, null) is null)
        {
            return true;
        }

        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Engine is null && Interlocked.CompareExchange(ref slots[i].Engine, engine, null) is null)
            {
                return true;
            }
        }

        return false;
    }

    private void Drain()
    {
        Interlocked.Exchange(ref _first, null)?.Dispose();
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            Interlocked.Exchange(ref slots[i].Engine, null)?.Dispose();
        }
    }

    private struct Slot
    {
        public PredictionEngine<TIn, TOut>? Engine;
    }
}
