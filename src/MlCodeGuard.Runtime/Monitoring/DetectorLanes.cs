using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// The detector state of several columns of one shard that share one <see cref="DetectorParameters"/>, laid out as
/// structure of arrays: statistic i of column j sits at <c>i · Padded + j</c>, so one <see cref="Vector256{T}"/>
/// updates the same statistic of 4 columns. A shard's numeric columns share one instance: a row's values are only
/// buffered as they come (<see cref="Buffer"/>) and the whole row is stepped at its end (<see cref="Flush"/>), the
/// CUSUMs, counts and sums across columns in vector lanes. Each categorical column has its own instance of width 1
/// (its bins are its own), stepped at once by <see cref="StepCategory"/>. Every statistic is computed with the same
/// operations in the same order as <see cref="DetectorState.Step"/> (the per-column kernel the calibration runs), so
/// the results are bit-for-bit the same; a test checks it.
/// </summary>
internal sealed class DetectorLanes
{
    public readonly DetectorParameters P;
    public readonly int Width;   // columns
    public readonly int Padded;  // Width rounded up to whole blocks of 4 lanes when the columns have CUSUMs
    public readonly int Bins;
    public readonly int[] Features; // slot → the monitor's column index
    public readonly double[] D;      // every double of the state, at the offsets below
    public readonly long[] L;        // every long of the state, at the offsets below
    public bool Dirty;               // a row has buffered values

    // Offsets into D: C·Padded CUSUMs, then Padded each of scale, 1/scale, S1, S2, sum, sum of squares, recent mean,
    // the row's buffered value, the row's normal score, min, max; then Padded·Bins EWMA frequencies (column-major).
    private readonly int _scale, _inverse, _s1, _s2, _sum, _sumSquares, _recentMean, _row, _z, _min, _max, _q;

    // Offsets into L: C·Padded last-zero counts, then Padded each of count, missing, out of range, unseen, count at the
    // last reset, row set (−1 when the row has a value); then Padded·Bins bin counts (column-major).
    private readonly int _count, _missing, _outOfRange, _unseen, _resetAt, _rowSet, _binCounts;

    /// <summary>The normal-score transform of each slot (numeric lanes only); shared read-only by every shard.</summary>
    private readonly ScoreMap[] _maps;

    public ScoreMap[] Maps => _maps;

    public DetectorLanes(DetectorParameters parameters, int[] features, ScoreMap[]? maps, double[] recentMeans)
    {
        P = parameters;
        Width = features.Length;
        Features = features;
        Padded = parameters.CusumCount > 0 ? (Width + 3) & ~3 : Width;
        Bins = parameters.Bins;
        _maps = maps ?? Array.Empty<ScoreMap>();
        Debug.Assert(parameters.CusumCount == 0 || _maps.Length == Padded);
        var c = parameters.CusumCount;
        var n = Padded;
        var d = c * n;
        _scale = d; _inverse = d + n; _s1 = d + 2 * n; _s2 = d + 3 * n; _sum = d + 4 * n; _sumSquares = d + 5 * n;
        _recentMean = d + 6 * n; _row = d + 7 * n; _z = d + 8 * n; _min = d + 9 * n; _max = d + 10 * n; _q = d + 11 * n;
        D = new double[_q + n * Bins];
        var l = c * n;
        _count = l; _missing = l + n; _outOfRange = l + 2 * n; _unseen = l + 3 * n; _resetAt = l + 4 * n; _rowSet = l + 5 * n;
        _binCounts = l + 6 * n;
        L = new long[_binCounts + n * Bins];
        for (var j = 0; j < n; j++)
        {
            D[_recentMean + j] = j < Width ? recentMeans[j] : 0;
            D[_min + j] = j < Width && _maps.Length > 0 ? _maps[j].Min : double.NegativeInfinity;
            D[_max + j] = j < Width && _maps.Length > 0 ? _maps[j].Max : double.PositiveInfinity;
            Reset(j);
        }
    }

    /// <summary>Bytes of this state (both arrays, their headers and the object), for capacity planning.</summary>
    public int Bytes => 16 + 8 * 24 + 24 + 8 * D.Length + 24 + 8 * L.Length + 24 + 4 * Features.Length;

    public ref long Count(int j) => ref L[_count + j];

    public ref long Missing(int j) => ref L[_missing + j];

    public ref long OutOfRange(int j) => ref L[_outOfRange + j];

    public ref long Unseen(int j) => ref L[_unseen + j];

    public ref double Sum(int j) => ref D[_sum + j];

    public ref double SumSquares(int j) => ref D[_sumSquares + j];

    public ref double RecentMean(int j) => ref D[_recentMean + j];

    public long BinCount(int j, int bin) => L[_binCounts + j * Bins + bin];

    /// <summary>The EWMA frequency of a bin (p̂ = scale · Q).</summary>
    public double Recent(int j, int bin) => D[_q + j * Bins + bin] * D[_scale + j];

    public double Cusum(int j, int i) => D[i * Padded + j];

    public void Reset(int j)
    {
        var count = L[_count + j];
        for (var i = 0; i < P.CusumCount; i++)
        {
            D[i * Padded + j] = 0;
            L[i * Padded + j] = count;
        }

        Array.Copy(P.P, 0, D, _q + j * Bins, Bins);
        D[_scale + j] = 1;
        D[_inverse + j] = 1;
        D[_s1 + j] = 1;
        D[_s2 + j] = 1;
        L[_resetAt + j] = count;
    }

    /// <summary>Σ (p̂ − p)² / p: the χ² distance of the EWMA frequencies from the baseline.</summary>
    public double ShapeDistance(int j)
    {
        var scale = D[_scale + j];
        return scale * scale * D[_s2 + j] - 2 * scale * D[_s1 + j] + 1;
    }

    /// <summary>Each detector's statistic divided by its threshold (1 = alarm): mean, variance, shape.</summary>
    public (double Mean, double Variance, double Shape) Normalized(int j)
    {
        double mean = 0, variance = 0;
        for (var i = 0; i < P.CusumCount; i++)
        {
            var v = D[i * Padded + j] / P.Threshold[i];
            if (i < P.MeanCount)
            {
                mean = Math.Max(mean, v);
            }
            else
            {
                variance = Math.Max(variance, v);
            }
        }

        return (mean, variance, ShapeDistance(j) * P.EwmaScale / P.EwmaThreshold);
    }

    /// <summary>The observations since the estimated change point of the statistic that alarmed (see <see cref="DetectorState.OnsetAgo"/>).</summary>
    public long OnsetAgo(int j, int detector)
    {
        var count = L[_count + j];
        if (detector < P.CusumCount)
        {
            return count - L[detector * Padded + j];
        }

        long best = -1;
        for (var i = 0; i < P.CusumCount; i++)
        {
            if (D[i * Padded + j] > P.Threshold[i] / 4)
            {
                best = Math.Max(best, count - L[i * Padded + j]);
            }
        }

        return best >= 0 ? best : Math.Min(count - L[_resetAt + j], (long)(1 / P.Lambda));
    }

    /// <summary>The statistic of slot j that is over its threshold: the first CUSUM, else the EWMA (<c>CusumCount</c>).</summary>
    private int Crossed(int j)
    {
        for (var i = 0; i < P.CusumCount; i++)
        {
            if (D[i * Padded + j] > P.Threshold[i])
            {
                return i;
            }
        }

        return P.CusumCount;
    }

    /// <summary>
    /// Buffers the value of numeric slot j for the current row. Returns false, buffering nothing, when the row already
    /// has a value for j: the caller then steps the row so far (<see cref="Flush"/>) and buffers again, so no
    /// observation is lost or merged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Buffer(int j, double value)
    {
        // j < Width by construction (a numeric column's slot): no bounds checks.
        Debug.Assert((uint)j < (uint)Width);
        ref var set = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(L), _rowSet + j);
        if (set != 0)
        {
            return false;
        }

        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(D), _row + j) = value;
        set = -1;
        Dirty = true;
        return true;
    }

    /// <summary>
    /// Steps every numeric slot that has a buffered value (NaN counts as missing) and clears the row: per block of 4
    /// slots, counts, sums and the 8 CUSUMs in vector lanes, the normal score and the EWMA bin per slot. A slot whose
    /// detector crossed its threshold is raised on <paramref name="monitor"/> (which resets it), in slot order.
    /// </summary>
    public void Flush(DriftMonitor monitor, DriftMonitor.Shard shard)
    {
        Dirty = false;
        if (!Vector256.IsHardwareAccelerated)
        {
            for (var j = 0; j < Width; j++)
            {
                ref var set = ref L[_rowSet + j];
                if (set != 0)
                {
                    set = 0;
                    if (StepScalar(j, D[_row + j]))
                    {
                        monitor.RaiseAlarm(shard, Features[j], Crossed(j));
                    }
                }
            }

            return;
        }

        ref var d = ref MemoryMarshal.GetArrayDataReference(D);
        ref var l = ref MemoryMarshal.GetArrayDataReference(L);
        var n = (nuint)Padded;
        var lambda = Vector256.Create(P.Lambda);
        for (nuint k = 0; k < n; k += 4)
        {
            var set = Vector256.LoadUnsafe(ref l, (nuint)_rowSet + k);
            if (set == Vector256<long>.Zero)
            {
                continue;
            }

            Vector256<long>.Zero.StoreUnsafe(ref l, (nuint)_rowSet + k);
            var x = Vector256.LoadUnsafe(ref d, (nuint)_row + k);
            var isNumber = Vector256.Equals(x, x).AsInt64();
            // Counts are kept as longs: adding a −1 mask lane counts one.
            (Vector256.LoadUnsafe(ref l, (nuint)_missing + k) - Vector256.AndNot(set, isNumber)).StoreUnsafe(ref l, (nuint)_missing + k);
            var ok = set & isNumber;
            var lanes = (int)ok.ExtractMostSignificantBits();
            if (lanes == 0)
            {
                continue;
            }

            var okd = ok.AsDouble();
            var count = Vector256.LoadUnsafe(ref l, (nuint)_count + k) - ok;
            count.StoreUnsafe(ref l, (nuint)_count + k);
            var sum = Vector256.LoadUnsafe(ref d, (nuint)_sum + k);
            Vector256.ConditionalSelect(okd, sum + x, sum).StoreUnsafe(ref d, (nuint)_sum + k);
            var sumSquares = Vector256.LoadUnsafe(ref d, (nuint)_sumSquares + k);
            Vector256.ConditionalSelect(okd, sumSquares + x * x, sumSquares).StoreUnsafe(ref d, (nuint)_sumSquares + k);
            var recent = Vector256.LoadUnsafe(ref d, (nuint)_recentMean + k);
            Vector256.ConditionalSelect(okd, recent + lambda * (x - recent), recent).StoreUnsafe(ref d, (nuint)_recentMean + k);
            var outside = Vector256.LessThan(x, Vector256.LoadUnsafe(ref d, (nuint)_min + k)) | Vector256.GreaterThan(x, Vector256.LoadUnsafe(ref d, (nuint)_max + k));
            (Vector256.LoadUnsafe(ref l, (nuint)_outOfRange + k) - (outside.AsInt64() & ok)).StoreUnsafe(ref l, (nuint)_outOfRange + k);

            // Per lane: the normal score (a table lookup), its bin, the bin count and the EWMA (each touches one bin).
            var shape = 0;
            for (var bits = lanes; bits != 0; bits &= bits - 1)
            {
                var j = (int)k + BitOperations.TrailingZeroCount(bits);
                var z = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_maps), j).Score(Unsafe.Add(ref d, _row + j));
                Unsafe.Add(ref d, _z + j) = z;
                if (Ewma(j, DetectorParameters.NumericBin(z)))
                {
                    shape |= 1 << (j - (int)k);
                }
            }

            var crossed = UpdateCusums(ref d, ref l, k, ok, count);
            var alarmed = crossed | shape;
            if (alarmed != 0)
            {
                for (var bits = alarmed; bits != 0; bits &= bits - 1)
                {
                    var j = (int)k + BitOperations.TrailingZeroCount(bits);
                    monitor.RaiseAlarm(shard, Features[j], Crossed(j));
                }
            }
        }
    }

    /// <summary>
    /// The CUSUMs of the 4 columns of block k: S ← max(0, S + slope · x + offset) with x = z (mean) or z² (variance), the
    /// same operations as <see cref="DetectorState"/>'s (so the same bits), kept only in the lanes that observed a value.
    /// Returns the lanes (bits) where a CUSUM crossed its threshold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int UpdateCusums(ref double d, ref long l, nuint k, Vector256<long> ok, Vector256<long> count)
    {
        var z = Vector256.LoadUnsafe(ref d, (nuint)_z + k);
        var z2 = z * z;
        var crossed = Vector256<double>.Zero;
        var stay = ~ok; // lanes without a value keep their state
        var p = P;
        var n = (nuint)Padded;
        ref var slope = ref MemoryMarshal.GetArrayDataReference(p.Slope);
        ref var offset = ref MemoryMarshal.GetArrayDataReference(p.Offset);
        ref var threshold = ref MemoryMarshal.GetArrayDataReference(p.Threshold);
        var meanCount = (nuint)p.MeanCount;
        var cusumCount = (nuint)p.CusumCount;
        for (nuint i = 0; i < cusumCount; i++)
        {
            var at = i * n + k;
            var x = i < meanCount ? z : z2;
            var old = Vector256.LoadUnsafe(ref d, at);
            var sum = old + Vector256.Create(Unsafe.Add(ref slope, i)) * x + Vector256.Create(Unsafe.Add(ref offset, i));
            // max(0, sum) as sum & (sum > 0), as in DetectorState; a lane without a value keeps its old value (and stays
            // "positive" for the last-zero select).
            var positive = Vector256.GreaterThan(sum, Vector256<double>.Zero).AsInt64() | stay;
            var s = Vector256.ConditionalSelect(stay.AsDouble(), old, sum & positive.AsDouble());
            Vector256.ConditionalSelect(positive, Vector256.LoadUnsafe(ref l, at), count).StoreUnsafe(ref l, at);
            crossed |= Vector256.GreaterThan(s, Vector256.Create(Unsafe.Add(ref threshold, i)));
            s.StoreUnsafe(ref d, at);
        }

        return (int)(crossed.AsInt64() & ok).ExtractMostSignificantBits();
    }

    /// <summary>One EWMA step of slot j into <paramref name="bin"/>, and its bin count; returns whether the shape statistic crossed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Ewma(int j, int bin)
    {
        // EWMA p̂ ← (1−λ) p̂ + λ e_bin, kept as p̂ = Scale · Q so only one bin changes; InverseScale avoids a division.
        // j < Padded and bin < Bins by construction: no bounds checks.
        var p = P;
        ref var d = ref MemoryMarshal.GetArrayDataReference(D);
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(L), _binCounts + j * Bins + bin)++;
        ref var scaleRef = ref Unsafe.Add(ref d, _scale + j);
        ref var inverseRef = ref Unsafe.Add(ref d, _inverse + j);
        ref var s1 = ref Unsafe.Add(ref d, _s1 + j);
        ref var s2 = ref Unsafe.Add(ref d, _s2 + j);
        var scale = scaleRef * p.OneMinusLambda;
        var inverse = inverseRef * p.InverseOneMinusLambda;
        var increment = p.Lambda * inverse;
        ref var q = ref Unsafe.Add(ref d, _q + j * Bins + bin);
        var old = q;
        var next = old + increment;
        q = next;
        s1 += increment;
        s2 += (next * next - old * old) * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(p.InverseP), bin);
        scaleRef = scale;
        inverseRef = inverse;
        if (scale < 1e-100)
        {
            Renormalize(j);
        }

        return (scaleRef * scaleRef * s2 - 2 * scaleRef * s1 + 1) * p.EwmaScale > p.EwmaThreshold;
    }

    private void Renormalize(int j)
    {
        double s1 = 0, s2 = 0;
        var scale = D[_scale + j];
        for (var b = 0; b < Bins; b++)
        {
            var v = D[_q + j * Bins + b] * scale;
            D[_q + j * Bins + b] = v;
            s1 += v;
            s2 += v * v * P.InverseP[b];
        }

        D[_scale + j] = 1;
        D[_inverse + j] = 1;
        D[_s1 + j] = s1;
        D[_s2 + j] = s2;
    }

    /// <summary>One observation of category bin <paramref name="bin"/> in slot j (lanes without CUSUMs); returns the statistic that crossed, or −1.</summary>
    public int StepCategory(int j, int bin)
    {
        Debug.Assert(P.CusumCount == 0);
        L[_count + j]++;
        return Ewma(j, bin) ? P.CusumCount : -1;
    }

    /// <summary>The scalar form of one numeric observation (no vector hardware): the same operations as the vector path.</summary>
    private bool StepScalar(int j, double x)
    {
        if (double.IsNaN(x))
        {
            L[_missing + j]++;
            return false;
        }

        var count = ++L[_count + j];
        D[_sum + j] += x;
        D[_sumSquares + j] += x * x;
        D[_recentMean + j] += P.Lambda * (x - D[_recentMean + j]);
        if (x < D[_min + j] || x > D[_max + j])
        {
            L[_outOfRange + j]++;
        }

        var z = _maps[j].Score(x);
        var shape = Ewma(j, DetectorParameters.NumericBin(z));
        var z2 = z * z;
        var crossed = false;
        for (var i = 0; i < P.CusumCount; i++)
        {
            var at = i * Padded + j;
            var s = Math.Max(0, D[at] + P.Slope[i] * (i < P.MeanCount ? z : z2) + P.Offset[i]);
            L[at] = s == 0 ? count : L[at];
            crossed |= s > P.Threshold[i];
            D[at] = s;
        }

        return crossed || shape;
    }
}

/// <summary>
/// The normal-score transform of one numeric column (see <see cref="DriftMonitor.Column.ToScore"/>) as a table over
/// 256 equal buckets of the grid's range: each bucket holds the grid cell its start falls in (start value, score,
/// slope) and the next grid value, so a value that falls in its bucket's cell costs one lookup and one multiply-add;
/// only a value past a grid point inside its bucket walks the grid. The same cell and the same arithmetic as the grid
/// walk, so the same bits.
/// </summary>
internal readonly struct ScoreMap
{
    public readonly double First, Last, FirstZ, LastZ, SlopeLow, SlopeHigh, BucketScale, Mean, Min, Max;
    private readonly double[] _table; // per bucket: cell start, cell score, cell slope, next grid value
    private readonly DriftMonitor.Column? _column;

    public ScoreMap(DriftMonitor.Column column)
    {
        _column = column;
        Min = column.Min;
        Max = column.Max;
        Mean = column.Baseline.Mean;
        SlopeLow = column.SlopeLow;
        SlopeHigh = column.SlopeHigh;
        var gx = column.GridX;
        if (gx.Length < 2)
        {
            First = Last = gx.Length == 1 ? gx[0] : double.NaN;
            FirstZ = LastZ = gx.Length == 1 ? column.GridZ[0] : 0;
            BucketScale = 0;
            _table = Array.Empty<double>();
            return;
        }

        First = gx[0];
        Last = gx[^1];
        FirstZ = column.GridZ[0];
        LastZ = column.GridZ[^1];
        BucketScale = column.BucketScale;
        var buckets = column.Buckets;
        _table = new double[4 * buckets.Length];
        for (var b = 0; b < buckets.Length; b++)
        {
            var cell = buckets[b];
            _table[4 * b] = gx[cell];
            _table[4 * b + 1] = column.GridZ[cell];
            _table[4 * b + 2] = column.CellSlope[cell];
            _table[4 * b + 3] = gx[cell + 1];
        }
    }

    /// <summary>The normal score of <paramref name="x"/> (not NaN) under the baseline, clamped to ±8: exactly <see cref="DriftMonitor.Column.ToScore"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(double x)
    {
        double z;
        if (x > First && x < Last)
        {
            // First < x < Last: the bucket is in [0, 256] and the table has 257 entries of 4 values.
            var at = 4 * (nint)(int)((x - First) * BucketScale);
            ref var entry = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_table), at);
            var start = entry;
            if (x >= start && x < Unsafe.Add(ref entry, 3))
            {
                z = Unsafe.Add(ref entry, 1) + (x - start) * Unsafe.Add(ref entry, 2);
            }
            else
            {
                return _column!.GridScore(x);
            }
        }
        else if (_table.Length == 0)
        {
            return _column!.GridScore(x);
        }
        else if (x <= First)
        {
            z = FirstZ + (x - First) * SlopeLow;
        }
        else
        {
            z = LastZ + (x - Last) * SlopeHigh;
        }

        return z < -8 ? -8 : z > 8 ? 8 : z;
    }
}

/// <summary>One column's state in one shard: its slot in a <see cref="DetectorLanes"/>, and what only alarms touch.</summary>
internal sealed class ColumnState
{
    public readonly DetectorLanes Lanes;
    public readonly int Slot;
    public long Alarms;
    public double LastAlarmMagnitude;  // the statistic that fired at this column's last alarm (its CUSUMs were reset then)
    public long LastAlarmCount;        // Count at that alarm
    public DriftDetector LastAlarmDetector;

    public ColumnState(DetectorLanes lanes, int slot)
    {
        Lanes = lanes;
        Slot = slot;
    }

    public ref long Count => ref Lanes.Count(Slot);

    public ref long Missing => ref Lanes.Missing(Slot);

    public ref long OutOfRange => ref Lanes.OutOfRange(Slot);

    public ref long Unseen => ref Lanes.Unseen(Slot);

    public ref double Sum => ref Lanes.Sum(Slot);

    public ref double SumSquares => ref Lanes.SumSquares(Slot);

    public ref double RecentMean => ref Lanes.RecentMean(Slot);

    public long BinCount(int bin) => Lanes.BinCount(Slot, bin);

    public double Recent(int bin) => Lanes.Recent(Slot, bin);

    public (double Mean, double Variance, double Shape) Normalized() => Lanes.Normalized(Slot);

    public long OnsetAgo(int detector) => Lanes.OnsetAgo(Slot, detector);

    public void Reset() => Lanes.Reset(Slot);

    /// <summary>Bytes of this column's share of its lanes (padding included) and of this object.</summary>
    public int Bytes => 16 + 8 * 6 + (Lanes.Bytes + Lanes.Width - 1) / Lanes.Width;
}
