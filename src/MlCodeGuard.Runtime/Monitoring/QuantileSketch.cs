using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// A mergeable quantile sketch in the KLL family: level <c>h</c> holds items of weight <c>2^h</c>; a full level is
/// sorted and every other item (from a random offset) is promoted, so the sketch keeps O(k log(n/k)) items and two
/// sketches of disjoint data merge into a sketch of their union. The rank error is about <c>log2(n/k)/k</c> of n in
/// the worst case and much less in practice (k = 256: under 1% for a million items).
/// </summary>
/// <remarks>Used when a baseline is built (training time), not on the prediction path. Not thread-safe.</remarks>
public sealed class QuantileSketch
{
    private readonly List<List<double>> _levels = new();
    private SeededRandom _random;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="k">Items per level before it compacts (at least 8). Default 256.</param>
    /// <param name="seed">Seed of the compaction offsets, so a sketch is reproducible.</param>
    public QuantileSketch(int k = 256, ulong seed = 0x5EED)
    {
        if (k < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 8");
        }

        K = k;
        _random = new SeededRandom(seed);
        _levels.Add(new List<double>(k));
    }

    /// <summary>Items per level before it compacts.</summary>
    public int K { get; }

    /// <summary>The number of values added (NaN excluded).</summary>
    public long Count { get; private set; }

    /// <summary>The smallest value added, or NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>The largest value added, or NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Adds a value; NaN is ignored.</summary>
    /// <param name="value">The value.</param>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        Count++;
        Min = Count == 1 || value < Min ? value : Min;
        Max = Count == 1 || value > Max ? value : Max;
        _levels[0].Add(value);
        if (_levels[0].Count >= K)
        {
            Compact();
        }
    }

    /// <summary>Adds every item of <paramref name="other"/> to this sketch (the union of the two data sets).</summary>
    /// <param name="other">The other sketch; it is not changed.</param>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
        Count += other.Count;
        for (var h = 0; h < other._levels.Count; h++)
        {
            while (_levels.Count <= h)
            {
                _levels.Add(new List<double>(K));
            }

            _levels[h].AddRange(other._levels[h]);
        }

        Compact();
    }

    private void Compact()
    {
        for (var h = 0; h < _levels.Count; h++)
        {
            var level = _levels[h];
            if (level.Count < K)
            {
                continue;
            }

            if (h + 1 == _levels.Count)
            {
                _levels.Add(new List<double>(K));
            }

            level.Sort();
            // An odd item stays at this level so that weights are conserved exactly.
            var keep = level.Count % 2 == 1 ? level[^1] : double.NaN;
            var pairs = level.Count / 2;
            var offset = (int)(_random.NextUInt64() & 1);
            var next = _levels[h + 1];
            for (var i = 0; i < pairs; i++)
            {
                next.Add(level[2 * i + offset]);
            }

            level.Clear();
            if (!double.IsNaN(keep))
            {
                level.Add(keep);
            }
        }
    }

    /// <summary>The approximate value at quantile <paramref name="q"/> (0 gives <see cref="Min"/>, 1 <see cref="Max"/>).</summary>
    /// <param name="q">The quantile in [0, 1].</param>
    /// <returns>The value, or NaN when the sketch is empty.</returns>
    public double Quantile(double q) => Quantiles(new[] { q })[0];

    /// <summary>The approximate values at several quantiles, in one pass.</summary>
    /// <param name="qs">Quantiles in [0, 1], any order.</param>
    /// <returns>One value per quantile.</returns>
    public double[] Quantiles(IReadOnlyList<double> qs)
    {
        ArgumentNullException.ThrowIfNull(qs);
        var result = new double[qs.Count];
        if (Count == 0)
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        var items = WeightedItems();
        long total = 0;
        foreach (var (_, w) in items)
        {
            total += w;
        }

        for (var i = 0; i < qs.Count; i++)
        {
            var q = Math.Clamp(qs[i], 0, 1);
            if (q <= 0)
            {
                result[i] = Min;
                continue;
            }

            if (q >= 1)
            {
                result[i] = Max;
                continue;
            }

            var target = q * total;
            long cumulative = 0;
            result[i] = Max;
            foreach (var (v, w) in items)
            {
                cumulative += w;
                if (cumulative >= target)
                {
                    result[i] = v;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The approximate fraction of values at or below <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The normalized rank in [0, 1], or NaN when empty.</returns>
    public double Rank(double value)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        long below = 0, total = 0;
        for (var h = 0; h < _levels.Count; h++)
        {
            foreach (var v in _levels[h])
            {
                total += 1L << h;
                if (v <= value)
                {
                    below += 1L << h;
                }
            }
        }

        return (double)below / total;
    }

    private List<(double Value, long Weight)> WeightedItems()
    {
        var items = new List<(double, long)>();
        for (var h = 0; h < _levels.Count; h++)
        {
            foreach (var v in _levels[h])
            {
                items.Add((v, 1L << h));
            }
        }

        items.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return items;
    }

    /// <summary>The sketch as plain data, for JSON.</summary>
    /// <returns>The state.</returns>
    public QuantileSketchState ToState()
    {
        var levels = new double[_levels.Count][];
        for (var h = 0; h < levels.Length; h++)
        {
            levels[h] = _levels[h].ToArray();
        }

        return new QuantileSketchState { K = K, Count = Count, Min = Count == 0 ? null : Min, Max = Count == 0 ? null : Max, Levels = levels };
    }

    /// <summary>Restores a sketch from <see cref="ToState"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The sketch.</returns>
    public static QuantileSketch FromState(QuantileSketchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sketch = new QuantileSketch(state.K);
        sketch._levels.Clear();
        long weight = 0;
        for (var h = 0; h < state.Levels.Count; h++)
        {
            sketch._levels.Add(new List<double>(state.Levels[h]));
            weight += state.Levels[h].Length * (1L << h);
        }

        if (sketch._levels.Count == 0)
        {
            sketch._levels.Add(new List<double>(state.K));
        }

        if (weight != state.Count)
        {
            throw new FormatException($"quantile sketch: the levels weigh {weight}, the count says {state.Count}");
        }

        sketch.Count = state.Count;
        sketch.Min = state.Min ?? double.NaN;
        sketch.Max = state.Max ?? double.NaN;
        return sketch;
    }
}

/// <summary>The serialized form of a <see cref="QuantileSketch"/>.</summary>
public sealed record QuantileSketchState
{
    /// <summary>Items per level before compaction.</summary>
    public int K { get; init; } = 256;

    /// <summary>Values summarized.</summary>
    public long Count { get; init; }

    /// <summary>Smallest value, null when empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Min { get; init; }

    /// <summary>Largest value, null when empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Max { get; init; }

    /// <summary>Items per level; level h items weigh 2^h.</summary>
    public IReadOnlyList<double[]> Levels { get; init; } = Array.Empty<double[]>();
}
