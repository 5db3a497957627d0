using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    // the row's buffered value (Unset when none), the row's normal score and its square, min, max; then Padded·Bins
    // EWMA frequencies (slot-major).
    private readonly int _scale, _inverse, _s1, _s2, _sum, _sumSquares, _recentMean, _row, _z, _z2, _min, _max, _q;

    // Offsets into L: C·Padded last-zero counts, then Padded each of count, missing, out of range, unseen, count at the
    // last reset, row observed (−1 when stepped: a number), real (−1 for a column, 0 for padding), renormalize (−1
    // while the EWMA step flags it); then Padded·Bins bin counts (slot-major).
    private readonly int _count, _missing, _outOfRange, _unseen, _resetAt, _ok, _real, _renormalize, _binCounts;

    /// <summary>The normal-score transform of each slot (numeric lanes only); shared read-only by every shard.</summary>
    private readonly ScoreTable? _table;

    public ScoreTable? Table => _table;

    public DetectorLanes(DetectorParameters parameters, int[] features, ScoreTable? table, double[] recentMeans)
    {
        P = parameters;
        Width = features.Length;
        Features = features;
        Padded = parameters.CusumCount > 0 ? (Width + 3) & ~3 : Width;
        Bins = parameters.Bins;
        _table = table;
        Debug.Assert(parameters.CusumCount == 0 || table?.First.Length == Padded);
        var c = parameters.CusumCount;
        var n = Padded;
        var d = c * n;
        _scale = d; _inverse = d + n; _s1 = d + 2 * n; _s2 = d + 3 * n; _sum = d + 4 * n; _sumSquares = d + 5 * n;
        _recentMean = d + 6 * n; _row = d + 7 * n; _z = d + 8 * n; _z2 = d + 9 * n; _min = d + 10 * n; _max = d + 11 * n; _q = d + 12 * n;
        D = new double[_q + n * Bins];
        var l = c * n;
        _count = l; _missing = l + n; _outOfRange = l + 2 * n; _unseen = l + 3 * n; _resetAt = l + 4 * n; _ok = l + 5 * n;
        _real = l + 6 * n; _renormalize = l + 7 * n; _binCounts = l + 8 * n;
        L = new long[_binCounts + n * Bins];
        for (var j = 0; j < n; j++)
        {
            D[_recentMean + j] = j < Width ? recentMeans[j] : 0;
            L[_real + j] = j < Width ? -1 : 0;
            D[_row + j] = UnsetValue;
            D[_min + j] = j < Width && table?.Columns[j] is { } min ? min.Min : double.NegativeInfinity;
            D[_max + j] = j < Width && table?.Columns[j] is { } max ? max.Max : double.PositiveInfinity;
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
        ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(D), _row + j);
        if (BitConverter.DoubleToInt64Bits(slot) != Unset)
        {
            return false;
        }

        // Every NaN becomes the canonical one (missing), so no value can look unset.
        slot = double.IsNaN(value) ? double.NaN : value;
        Dirty = true;
        return true;
    }

    /// <summary>The bits of a buffered row value that means "no value": a NaN payload no observation carries (Buffer canonicalizes NaN).</summary>
    private const long Unset = 0x7FF4_0000_DEAD_BEEF;

    private static readonly double UnsetValue = BitConverter.Int64BitsToDouble(Unset);

    /// <summary>Whether <see cref="Flush"/> takes the AVX2 path (a test switches it off to check the scalar path gives the same bits).</summary>
    internal static bool UseAvx2 = Avx2.IsSupported;

    /// <summary>
    /// Steps every numeric slot that has a buffered value (NaN counts as missing) and clears the row. A slot whose
    /// detector crossed its threshold is raised on <paramref name="monitor"/> (which resets it), in slot order.
    /// </summary>
    public void Flush(DriftMonitor monitor, DriftMonitor.Shard shard)
    {
        Dirty = false;
        if (UseAvx2)
        {
            if (FlushAvx2())
            {
                RaiseCrossed(monitor, shard);
            }

            return;
        }

        for (var j = 0; j < Width; j++)
        {
            ref var slot = ref D[_row + j];
            if (BitConverter.DoubleToInt64Bits(slot) != Unset)
            {
                var x = slot;
                slot = UnsetValue;
                if (StepScalar(j, x))
                {
                    monitor.RaiseAlarm(shard, Features[j], Crossed(j));
                }
            }
        }
    }

    /// <summary>Raises every slot of the row just stepped whose statistic is over its threshold (rare: after any crossing).</summary>
    private void RaiseCrossed(DriftMonitor monitor, DriftMonitor.Shard shard)
    {
        for (var j = 0; j < Width; j++)
        {
            if (L[_ok + j] == 0)
            {
                continue;
            }

            var detector = Crossed(j);
            if (detector < P.CusumCount || ShapeDistance(j) * P.EwmaScale > P.EwmaThreshold)
            {
                monitor.RaiseAlarm(shard, Features[j], detector);
            }
        }
    }

    /// <summary>
    /// The row across columns, 4 slots per <see cref="Vector256{T}"/>, in three passes over the blocks of 4 slots:
    /// missing, count, sum, sum of squares, recent mean, out of range and the normal score from <see cref="ScoreTable"/>
    /// (4 loads and a transpose); then the bin, the EWMA and the bin counts (<see cref="Ewma(double*, long*, double*, ulong)"/>);
    /// then the CUSUMs (<see cref="Cusums"/>). A lane that observed nothing (absent, NaN, padding) keeps its state. Every
    /// statistic takes the same operations in the same order as <see cref="DetectorState.Step"/>, so the same bits.
    /// Returns whether any statistic crossed its threshold.
    /// </summary>
    private unsafe bool FlushAvx2()
    {
        var p = P;
        var table = _table!;
        var n = Padded;
        var crossedAny = Vector256<double>.Zero;
        var lambda = Vector256.Create(p.Lambda);
        // Three passes over the blocks, each a short loop whose iterations are independent, so that the processor
        // overlaps the lookups' latency across blocks. Every offset is in a local: stores through the pointers would
        // otherwise make the JIT reload the fields.
        fixed (double* d = D, first = table.First, last = table.Last, bucketScale = table.BucketScale, cells = table.Table, inverseP = p.InverseP)
        fixed (long* l = L)
        fixed (int* bases = table.Base, buckets = table.Cells)
        {
            long* okMask = l + _ok, missing = l + _missing, counts = l + _count, outOfRange = l + _outOfRange, binCounts = l + _binCounts;
            double* row = d + _row, zs = d + _z, z2s = d + _z2, sums = d + _sum, sumSquares = d + _sumSquares, recents = d + _recentMean, mins = d + _min, maxes = d + _max;
            var active = 0UL;  // blocks with a value (the first 64 blocks; beyond, every block is visited)
            var partial = 0UL; // blocks with a real slot without a value (the first 64 blocks; beyond, every block is masked)
            long* real = l + _real;
            for (var k = 0; k < n; k += 4)
            {
                // Scalar loads: Buffer wrote these lanes one by one, and a wide load of narrow stores would wait for them
                // to reach the cache instead of being forwarded.
                var x = Vector256.Create(row[k], row[k + 1], row[k + 2], row[k + 3]);
                var set = ~Vector256.Equals(x.AsInt64(), Vector256.Create(Unset));
                if (set == Vector256<long>.Zero)
                {
                    Vector256<long>.Zero.Store(okMask + k);
                    partial |= 1UL << (k >> 2);
                    continue;
                }

                Vector256.Create(Unset).Store((long*)(row + k));
                var isNumber = Avx.CompareOrdered(x, x).AsInt64();
                // Counts are longs: subtracting a −1 mask lane counts one.
                (Vector256.Load(missing + k) - Vector256.AndNot(set, isNumber)).Store(missing + k);
                var ok = set & isNumber;
                ok.Store(okMask + k);
                if (ok == Vector256<long>.Zero)
                {
                    partial |= 1UL << (k >> 2);
                    continue;
                }

                active |= 1UL << (k >> 2);
                var okd = ok.AsDouble();
                (Vector256.Load(counts + k) - ok).Store(counts + k);
                var sum = Vector256.Load(sums + k);
                Avx.BlendVariable(sum, sum + x, okd).Store(sums + k);
                var sumSquare = Vector256.Load(sumSquares + k);
                Avx.BlendVariable(sumSquare, sumSquare + x * x, okd).Store(sumSquares + k);
                var recent = Vector256.Load(recents + k);
                Avx.BlendVariable(recent, recent + lambda * (x - recent), okd).Store(recents + k);
                var outside = Avx.CompareLessThan(x, Vector256.Load(mins + k)) | Avx.CompareGreaterThan(x, Vector256.Load(maxes + k));
                (Vector256.Load(outOfRange + k) - (outside.AsInt64() & ok)).Store(outOfRange + k);

                // The normal score: bucket → its cell → one multiply-add; lanes outside the grid, past a grid
                // point inside their bucket, or without a table take the grid walk (a few percent of values).
                var from = Vector256.Load(first + k);
                var inGrid = Avx.CompareGreaterThan(x, from) & Avx.CompareLessThan(x, Vector256.Load(last + k)) & okd;
                var bucket = Avx.ConvertToVector128Int32WithTruncation(((x - from) * Vector256.Load(bucketScale + k)) & inGrid);
                var at = Vector128.Load(bases + k) + bucket;
                // A cell's 4 values are adjacent: one aligned load per lane and a 4 × 4 transpose (cheaper than 4 gathers).
                var r0 = Vector256.LoadAligned(cells + buckets[at.GetElement(0)]);
                var r1 = Vector256.LoadAligned(cells + buckets[at.GetElement(1)]);
                var r2 = Vector256.LoadAligned(cells + buckets[at.GetElement(2)]);
                var r3 = Vector256.LoadAligned(cells + buckets[at.GetElement(3)]);
                var t0 = Avx.UnpackLow(r0, r1);
                var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                var start = Avx.Permute2x128(t0, t2, 0x20);
                var next = Avx.Permute2x128(t1, t3, 0x31);
                var z = Avx.Permute2x128(t1, t3, 0x20) + (x - start) * Avx.Permute2x128(t0, t2, 0x31);
                z = Avx.Min(Avx.Max(z, Vector256.Create(-8.0)), Vector256.Create(8.0));
                var fast = inGrid & Avx.CompareGreaterThanOrEqual(x, start) & Avx.CompareLessThan(x, next);
                var slow = (int)Avx.MoveMask(Vector256.AndNot(okd, fast));
                if (slow != 0)
                {
                    z.Store(zs + k);
                    for (; slow != 0; slow &= slow - 1)
                    {
                        var lane = k + BitOperations.TrailingZeroCount(slow);
                        zs[lane] = table.Columns[lane]!.GridScore(x.GetElement(lane - k)); // the row slot is already cleared
                    }

                    z = Vector256.Load(zs + k);
                }

                // A lane without a value gets z = 0 for the mean CUSUMs and z² = 1 for the variance CUSUMs: every
                // log-likelihood-ratio increment is then ≤ 0 (−δ²/2; −ln c + (1 − 1/c²)/2 ≤ 0 since ln y ≤ y − 1), so
                // a padding lane stays at 0 and never crosses. A real column absent from the row must keep its state
                // exactly: its block is marked partial and takes the masked update.
                (z & okd).Store(zs + k);
                Avx.BlendVariable(Vector256<double>.One, z * z, okd).Store(z2s + k);
                if ((~ok & Vector256.Load(real + k)) != Vector256<long>.Zero)
                {
                    partial |= 1UL << (k >> 2);
                }
            }

            if (active == 0 && n <= 256)
            {
                return false;
            }

            crossedAny = Ewma(d, l, inverseP, active);

            crossedAny |= Cusums(d, l, active, partial);
        }

        return crossedAny != Vector256<double>.Zero;
    }

    /// <summary>
    /// The CUSUMs of every block with a value, block by block (the block's scores and counts stay in registers, each
    /// statistic's constants are pre-broadcast memory operands): S ← max(0, S + slope · x + offset) with x = z (mean) or
    /// z² (variance), the last-zero count where S is 0. Returns the lanes where a CUSUM crossed its threshold.
    /// </summary>
    private unsafe Vector256<double> Cusums(double* d, long* l, ulong active, ulong partial)
    {
        var p = P;
        var n = Padded;
        var crossedAny = Vector256<double>.Zero;
        long* okMask = l + _ok, counts = l + _count;
        double* zs = d + _z, z2s = d + _z2;
        fixed (double* constants = p.Broadcast)
        {
            var cusumCount = p.CusumCount;
            var meanCount = p.MeanCount;
            for (var k = 0; k < n; k += 4)
            {
                var bit = 1UL << (k >> 2);
                if (k < 256 && (active & bit) == 0)
                {
                    continue;
                }

                var z = Vector256.Load(zs + k);
                var z2 = Vector256.Load(z2s + k);
                var count = Vector256.Load(counts + k).AsDouble();
                var cusum = d + k;
                var lastZero = (double*)(l + k);
                var c = constants;
                if (k >= 256 || (partial & bit) != 0)
                {
                    var stay = ~Vector256.Load(okMask + k).AsDouble(); // absent, NaN or padding: keep the state
                    for (var i = 0; i < cusumCount; i++, cusum += n, lastZero += n, c += 12)
                    {
                        var old = Vector256.Load(cusum);
                        var sum = old + Vector256.Load(c) * (i < meanCount ? z : z2) + Vector256.Load(c + 4);
                        var positive = Avx.CompareGreaterThan(sum, Vector256<double>.Zero) | stay;
                        var s = Avx.BlendVariable(sum & positive, old, stay);
                        s.Store(cusum);
                        Avx.BlendVariable(count, Vector256.Load(lastZero), positive).Store(lastZero);
                        crossedAny |= Avx.CompareGreaterThan(s, Vector256.Load(c + 8));
                    }

                    continue;
                }

                for (var i = 0; i < meanCount; i++, cusum += n, lastZero += n, c += 12)
                {
                    // max(0, sum) as sum & (sum > 0), as in DetectorState (the same value for every non-NaN sum).
                    var sum = Vector256.Load(cusum) + Vector256.Load(c) * z + Vector256.Load(c + 4);
                    var positive = Avx.CompareGreaterThan(sum, Vector256<double>.Zero);
                    var s = sum & positive;
                    s.Store(cusum);
                    Avx.BlendVariable(count, Vector256.Load(lastZero), positive).Store(lastZero);
                    crossedAny |= Avx.CompareGreaterThan(s, Vector256.Load(c + 8));
                }

                for (var i = meanCount; i < cusumCount; i++, cusum += n, lastZero += n, c += 12)
                {
                    var sum = Vector256.Load(cusum) + Vector256.Load(c) * z2 + Vector256.Load(c + 4);
                    var positive = Avx.CompareGreaterThan(sum, Vector256<double>.Zero);
                    var s = sum & positive;
                    s.Store(cusum);
                    Avx.BlendVariable(count, Vector256.Load(lastZero), positive).Store(lastZero);
                    crossedAny |= Avx.CompareGreaterThan(s, Vector256.Load(c + 8));
                }
            }
        }

        return crossedAny;
    }

    /// <summary>
    /// The EWMA step of every block with a value, as <see cref="DetectorState.Step"/>: scale, 1/scale, S1 and S2 in
    /// lanes, the one bin per slot by scalar loads and stores, and the bin counts. Returns the lanes whose shape
    /// statistic crossed its threshold.
    /// </summary>
    private unsafe Vector256<double> Ewma(double* d, long* l, double* inverseP, ulong active)
    {
        var p = P;
        var n = Padded;
        var bins = Bins;
        var lambda = Vector256.Create(p.Lambda);
        var oneMinusLambda = Vector256.Create(p.OneMinusLambda);
        var inverseOneMinusLambda = Vector256.Create(p.InverseOneMinusLambda);
        var binOffsets = Vector128.Create(0, bins, 2 * bins, 3 * bins);
        var crossed = Vector256<double>.Zero;
        var renormalize = false;
        long* okMask = l + _ok, binCounts = l + _binCounts, renormalizeLanes = l + _renormalize;
        double* zs = d + _z, scales = d + _scale, inverses = d + _inverse, s1s = d + _s1, s2s = d + _s2, q = d + _q;
        for (var k = 0; k < n; k += 4)
        {
            if (k < 256 && (active & (1UL << (k >> 2))) == 0)
            {
                continue;
            }

            var okd = Vector256.Load(okMask + k).AsDouble();
            // The bin: (int)((z + 2.5) · 2) clamped to [0, 9], as DetectorParameters.NumericBin.
            var bin = Sse41.Min(Sse41.Max(Avx.ConvertToVector128Int32WithTruncation((Vector256.Load(zs + k) + Vector256.Create(2.5)) * Vector256.Create(2.0)), Vector128<int>.Zero),
                Vector128.Create(DetectorParameters.NumericBins - 1));
            // p̂ = scale · Q: only bin b of Q changes.
            var scaleOld = Vector256.Load(scales + k);
            var inverseOld = Vector256.Load(inverses + k);
            var scale = scaleOld * oneMinusLambda;
            var inverse = inverseOld * inverseOneMinusLambda;
            var increment = lambda * inverse;
            var at = Vector128.Create(k * bins) + binOffsets + bin;
            // Scalar loads (the slots' bins are far apart; a gather costs more than 4 loads on the processors measured).
            int a0 = at.GetElement(0), a1 = at.GetElement(1), a2 = at.GetElement(2), a3 = at.GetElement(3);
            var old = Vector256.Create(q[a0], q[a1], q[a2], q[a3]);
            var updated = old + increment;
            var s1Old = Vector256.Load(s1s + k);
            var s1 = Avx.BlendVariable(s1Old, s1Old + increment, okd);
            var s2Old = Vector256.Load(s2s + k);
            var s2 = Avx.BlendVariable(s2Old, s2Old + (updated * updated - old * old)
                * Vector256.Create(inverseP[bin.GetElement(0)], inverseP[bin.GetElement(1)], inverseP[bin.GetElement(2)], inverseP[bin.GetElement(3)]), okd);
            scale = Avx.BlendVariable(scaleOld, scale, okd);
            scale.Store(scales + k);
            Avx.BlendVariable(inverseOld, inverse, okd).Store(inverses + k);
            s1.Store(s1s + k);
            s2.Store(s2s + k);
            var lanes = (int)Avx.MoveMask(okd);
            if ((lanes & 1) != 0)
            {
                q[a0] = updated.GetElement(0);
                binCounts[a0]++;
            }

            if ((lanes & 2) != 0)
            {
                q[a1] = updated.GetElement(1);
                binCounts[a1]++;
            }

            if ((lanes & 4) != 0)
            {
                q[a2] = updated.GetElement(2);
                binCounts[a2]++;
            }

            if ((lanes & 8) != 0)
            {
                q[a3] = updated.GetElement(3);
                binCounts[a3]++;
            }

            // About every 11,000 observations a slot's scale needs renormalizing: done after the loop (no call in it),
            // with that slot's shape statistic.
            var small = Avx.CompareLessThan(scale, Vector256.Create(1e-100)) & okd;
            if (small != Vector256<double>.Zero)
            {
                small.AsInt64().Store(renormalizeLanes + k);
                renormalize = true;
                okd = Vector256.AndNot(okd, small);
            }

            crossed |= Avx.CompareGreaterThan((scale * scale * s2 - Vector256.Create(2.0) * scale * s1 + Vector256<double>.One) * Vector256.Create(p.EwmaScale),
                Vector256.Create(p.EwmaThreshold)) & okd;
        }

        for (var j = 0; renormalize && j < n; j++)
        {
            if (renormalizeLanes[j] != 0)
            {
                renormalizeLanes[j] = 0;
                Renormalize(j);
                if (ShapeDistance(j) * p.EwmaScale > p.EwmaThreshold)
                {
                    crossed = Vector256<double>.AllBitsSet;
                }
            }
        }

        return crossed;
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

        var z = _table!.Score(j, x);
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
