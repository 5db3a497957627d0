using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>The detector a statistic belongs to.</summary>
public enum DriftDetector
{
    /// <summary>A CUSUM on the mean of the normal score.</summary>
    Mean,

    /// <summary>A CUSUM on the variance of the normal score.</summary>
    Variance,

    /// <summary>An EWMA of the frequencies of the baseline's quantile bins (or categories): a change of shape.</summary>
    Shape,
}

/// <summary>
/// The constants every shard's detectors share: designs, thresholds and bin probabilities. The detectors are
/// log-likelihood-ratio CUSUMs and a χ²-scaled EWMA. One parameter <c>η</c> sets every threshold: statistic i is
/// designed for an in-control run length of about <c>w_i · e^η</c> (Siegmund's approximation for the CUSUMs, the
/// measured χ² tail for the EWMA), with budget weights <c>w_i</c> that give the mean CUSUMs most of the false-alarm
/// budget; calibration then solves for the η at which the whole per-column alarm (every statistic, correlations
/// included) has the configured ARL0.
/// </summary>
internal sealed class DetectorParameters
{
    // CUSUM k: index 2i = up, 2i+1 = down for mean design i; then variance up, variance down.
    public readonly double[] Slope;
    public readonly double[] Offset;
    public readonly bool[] Squared;
    public readonly double[] Threshold;
    public readonly int MeanCount;
    public readonly double Lambda;
    public readonly double OneMinusLambda;
    public readonly double InverseOneMinusLambda;
    public readonly double EwmaScale; // (2 - λ) / λ: makes the statistic ~ χ² with bins − 1 degrees of freedom
    public readonly double EwmaThreshold;
    public readonly double[] InverseP;
    public readonly double[] P;
    public readonly double Eta;

    public DetectorParameters(DriftMonitorOptions options, double eta, double[] p, bool numeric)
    {
        Eta = eta;
        var shifts = numeric ? options.MeanShifts : Array.Empty<double>();
        var n = numeric ? 2 * shifts.Count + 2 : 0;
        MeanCount = 2 * shifts.Count;
        Slope = new double[n];
        Offset = new double[n];
        Squared = new bool[n];
        Threshold = new double[n];
        for (var i = 0; i < shifts.Count; i++)
        {
            var d = shifts[i];
            // log N(d,1)/N(0,1) = d z − d²/2; down: −d z − d²/2.
            Slope[2 * i] = d;
            Slope[2 * i + 1] = -d;
            Offset[2 * i] = Offset[2 * i + 1] = -d * d / 2;
            Threshold[2 * i] = Threshold[2 * i + 1] = CusumThreshold(d * d / 2, d, eta + Math.Log(d >= 0.5 ? LargeShiftWeight : MeanWeight));
        }

        if (numeric)
        {
            // log N(0,c²)/N(0,1) = −ln c + z² (1 − 1/c²) / 2.
            SetScale(MeanCount, options.ScaleUp);
            SetScale(MeanCount + 1, options.ScaleDown);
        }

        Lambda = options.EwmaLambda;
        OneMinusLambda = 1 - Lambda;
        InverseOneMinusLambda = 1 / OneMinusLambda;
        EwmaScale = (2 - Lambda) / Lambda;
        P = p;
        InverseP = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            InverseP[i] = 1 / p[i];
        }

        // A χ² tail of t gives the EWMA an ARL of about 1 / (100 λ t) (measured for 10 bins, λ = 0.02): this tail puts it
        // at about ShapeWeight · e^η, so that the mean CUSUMs keep most of the false-alarm budget.
        var tail = Math.Min(0.25, Math.Exp(-eta) / (100 * Lambda * ShapeWeight));
        EwmaThreshold = NormalMath.ChiSquareUpperQuantile(Math.Max(1, p.Length - 1), tail);
        BuildLanes();

        void SetScale(int i, double c)
        {
            Slope[i] = (1 - 1 / (c * c)) / 2;
            Offset[i] = -Math.Log(c);
            Squared[i] = true;
            // The LLR's in-control drift and spread: mean −(ln c − (1 − 1/c²)/2), standard deviation √2 · slope.
            Threshold[i] = CusumThreshold(Math.Log(c) - Slope[i], Math.Sqrt(2) * Math.Abs(Slope[i]), eta + Math.Log(VarianceWeight));
        }
    }

    /// <summary>
    /// Budget weights: each mean CUSUM for a shift under 0.5σ is designed for a run length of <c>e^η</c>, each mean
    /// CUSUM for a larger shift for <c>LargeShiftWeight · e^η</c>, each variance CUSUM for <c>VarianceWeight · e^η</c>,
    /// the EWMA for <c>ShapeWeight · e^η</c>. Larger weights leave more of the false-alarm budget to the small-shift
    /// CUSUMs, whose delays grow fastest with their threshold (a large shift's delay grows with ln ARL0 only); the
    /// large-shift design stays so that a large mean shift reaches a mean CUSUM before the variance CUSUM (z² rises
    /// too) and is reported as a mean shift. See benchmarks/README.md for the measured effect.
    /// </summary>
    public const double MeanWeight = 1, LargeShiftWeight = 8, VarianceWeight = 8, ShapeWeight = 8;

    /// <summary>
    /// The threshold (in nats) of an LLR CUSUM whose increments have in-control mean −<paramref name="drift"/> and
    /// standard deviation <paramref name="spread"/>, for an in-control ARL of <c>e^logArl</c>: in standard units the
    /// CUSUM has reference k = drift / spread, and Siegmund's approximation ARL0 = (e^{2kb} − 2kb − 1) / (2k²) with
    /// b = h + 1.166 gives h.
    /// </summary>
    public static double CusumThreshold(double drift, double spread, double logArl)
    {
        var k = drift / spread;
        double lo = 0, hi = 1;
        while (LogArl(k, hi) < logArl && hi < 1e6)
        {
            hi *= 2;
        }

        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (LogArl(k, mid) < logArl)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return spread * (lo + hi) / 2;

        static double LogArl(double k, double h)
        {
            var x = 2 * k * (h + 1.166);
            var numerator = x > 30 ? x : Math.Log(Math.Max(1e-300, Math.Exp(x) - x - 1));
            return numerator - Math.Log(2 * k * k);
        }
    }

    public int CusumCount => Slope.Length;

    /// <summary>The CUSUM count rounded up to whole <see cref="Vector256{T}"/> blocks of 4 lanes (the state arrays' length).</summary>
    public int PaddedCount => (Slope.Length + 3) & ~3;

    // The CUSUM constants padded to PaddedCount lanes, interleaved per block of 4 lanes as [slope×4, offset×4,
    // threshold×4, squared mask×4] so the update walks one array: a padding lane has slope 0 and offset −1 (stays at 0)
    // and an infinite threshold (never crosses); the mask is all ones where the lane takes z², zero where it takes z.
    internal double[] Lanes = Array.Empty<double>();

    // Per CUSUM i, each constant repeated in 4 lanes: [slope×4, offset×4, threshold×4] at 12·i, so the row-wise lanes
    // (DetectorLanes) take them as memory operands.
    internal double[] Broadcast = Array.Empty<double>();

    public int Bins => P.Length;

    private void BuildLanes()
    {
        Broadcast = new double[12 * Slope.Length];
        for (var i = 0; i < Slope.Length; i++)
        {
            for (var lane = 0; lane < 4; lane++)
            {
                Broadcast[12 * i + lane] = Slope[i];
                Broadcast[12 * i + 4 + lane] = Offset[i];
                Broadcast[12 * i + 8 + lane] = Threshold[i];
            }
        }

        var n = PaddedCount;
        Lanes = new double[4 * n];
        for (var i = 0; i < n; i++)
        {
            var real = i < Slope.Length;
            var at = 16 * (i / 4) + i % 4;
            Lanes[at] = real ? Slope[i] : 0;
            Lanes[at + 4] = real ? Offset[i] : -1;
            Lanes[at + 8] = real ? Threshold[i] : double.PositiveInfinity;
            Lanes[at + 12] = real && Squared[i] ? BitConverter.Int64BitsToDouble(-1) : 0;
        }
    }

    /// <summary>The probabilities of the numeric shape bins: normal-score cells split at −2, −1.5, …, 2.</summary>
    public static double[] NumericBinProbabilities()
    {
        var p = new double[NumericBins];
        var previous = 0.0;
        for (var i = 0; i < NumericBins - 1; i++)
        {
            var c = NormalMath.Cdf(NumericBinEdge(i));
            p[i] = c - previous;
            previous = c;
        }

        p[NumericBins - 1] = 1 - previous;
        return p;
    }

    public const int NumericBins = 10;

    /// <summary>The upper edge (normal score) of numeric bin i.</summary>
    public static double NumericBinEdge(int i) => -2 + 0.5 * i;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NumericBin(double z)
    {
        var b = (int)((z + 2.5) * 2);
        return b < 0 ? 0 : b > NumericBins - 1 ? NumericBins - 1 : b;
    }
}

/// <summary>The detector state of one column in one shard: CUSUMs, the lazily scaled EWMA, and the exact counts.</summary>
internal sealed class DetectorState
{
    public readonly double[] Cusum;
    public readonly long[] LastZero;   // the column observation at which each CUSUM was last 0: the change-point estimate
    public readonly double[] Q;        // EWMA frequencies divided by Scale, so an update touches one bin
    public readonly long[] BinCounts;  // every observation since start, per bin: exact and mergeable
    public double Scale, InverseScale, S1, S2;
    public long Count, Missing, OutOfRange, Unseen, Alarms;
    public long Since;                 // observations since the last reset (alarm)
    public double Sum, SumSquares, RecentMean, RecentMeanWeight;
    public double LastAlarmMagnitude;  // the statistic that fired at this column's last alarm (its CUSUMs were reset then)
    public long LastAlarmCount;        // Count at that alarm
    public DriftDetector LastAlarmDetector;

    public DetectorState(DetectorParameters parameters)
    {
        // Padded to whole blocks of 4 lanes: the update runs on Vector256 blocks without a scalar tail.
        Cusum = new double[parameters.PaddedCount];
        LastZero = new long[parameters.PaddedCount];
        Q = new double[parameters.Bins];
        BinCounts = new long[parameters.Bins];
        Reset(parameters);
    }

    public void Reset(DetectorParameters parameters)
    {
        Array.Clear(Cusum);
        for (var i = 0; i < LastZero.Length; i++)
        {
            LastZero[i] = Count;
        }

        Array.Copy(parameters.P, Q, Q.Length);
        Scale = 1;
        InverseScale = 1;
        S1 = 1;
        S2 = 1;
        Since = 0;
    }

    /// <summary>Σ (p̂ − p)² / p: the χ² distance of the EWMA frequencies from the baseline.</summary>
    public double ShapeDistance() => Scale * Scale * S2 - 2 * Scale * S1 + 1;

    /// <summary>
    /// One observation of normal score <paramref name="z"/> in bin <paramref name="bin"/> (numeric columns), or of
    /// category bin <paramref name="bin"/> (z unused: the parameters have no CUSUMs). Returns the index of the statistic that
    /// crossed its threshold (CUSUMs first, then <c>CusumCount</c> for the EWMA), or −1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Step(DetectorParameters p, double z, int bin)
    {
        var count = ++Count;
        Since++;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(BinCounts), bin)++;
        var crossed = p.PaddedCount != 0 && UpdateCusums(p, z, count);

        // EWMA p̂ ← (1−λ) p̂ + λ e_bin, kept as p̂ = Scale · Q so only one bin changes; InverseScale avoids a division.
        var scale = Scale * p.OneMinusLambda;
        var inverse = InverseScale * p.InverseOneMinusLambda;
        var increment = p.Lambda * inverse;
        ref var q = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Q), bin);
        var old = q;
        var next = old + increment;
        q = next;
        S1 += increment;
        S2 += (next * next - old * old) * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(p.InverseP), bin);
        Scale = scale;
        InverseScale = inverse;
        if (scale < 1e-100)
        {
            Renormalize(p);
        }

        if (crossed)
        {
            for (var i = 0; i < p.CusumCount; i++)
            {
                if (Cusum[i] > p.Threshold[i])
                {
                    return i;
                }
            }
        }

        return ShapeDistance() * p.EwmaScale > p.EwmaThreshold ? p.CusumCount : -1;
    }

    /// <summary>
    /// Every CUSUM S ← max(0, S + slope · x + offset) with x = z (mean) or z² (variance), 4 lanes at a time and
    /// branch-free (whether a CUSUM hits 0 is a coin flip in control: a branch would mispredict); the last-zero
    /// observation follows by a masked select. Same operations in the same order as the scalar form, so the results
    /// are bit-for-bit the same with or without vector hardware. Returns whether any CUSUM crossed its threshold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool UpdateCusums(DetectorParameters p, double z, long count)
    {
        // Cusum and LastZero are PaddedCount long and Lanes 4 × PaddedCount (a multiple of 4), by construction from the
        // same parameters (the constructor), so the loop runs without bounds checks.
        var n = p.PaddedCount;
        Debug.Assert(Cusum.Length == n && LastZero.Length == n && p.Lanes.Length == 4 * n);
        ref var cusum = ref MemoryMarshal.GetArrayDataReference(Cusum);
        ref var lastZero = ref MemoryMarshal.GetArrayDataReference(LastZero);
        ref var lanes = ref MemoryMarshal.GetArrayDataReference(p.Lanes);
        var z2 = z * z;
        if (Vector256.IsHardwareAccelerated)
        {
            var vz = Vector256.Create(z);
            var vz2 = Vector256.Create(z2);
            var vcount = Vector256.Create(count);
            var crossedAny = Vector256<double>.Zero;
            for (nuint i = 0, c = 0; i < (nuint)n; i += 4, c += 16)
            {
                var x = Vector256.ConditionalSelect(Vector256.LoadUnsafe(ref lanes, c + 12), vz2, vz);
                var sum = Vector256.LoadUnsafe(ref cusum, i) + Vector256.LoadUnsafe(ref lanes, c) * x + Vector256.LoadUnsafe(ref lanes, c + 4);
                // max(0, sum) as sum & (sum > 0): the same value as Math.Max(0, sum) for every non-NaN sum (−0 → +0),
                // two instructions instead of Vector256.Max's IEEE fix-ups for ±0 and NaN; the mask also says where
                // the CUSUM is back at 0.
                var positive = Vector256.GreaterThan(sum, Vector256<double>.Zero);
                var s = sum & positive;
                Vector256.ConditionalSelect(positive.AsInt64(), Vector256.LoadUnsafe(ref lastZero, i), vcount).StoreUnsafe(ref lastZero, i);
                crossedAny |= Vector256.GreaterThan(s, Vector256.LoadUnsafe(ref lanes, c + 8));
                s.StoreUnsafe(ref cusum, i);
            }

            return Vector256.ExtractMostSignificantBits(crossedAny) != 0;
        }

        var crossed = false;
        for (nuint i = 0; i < (nuint)n; i++)
        {
            var c = 16 * (i / 4) + i % 4;
            var x = BitConverter.DoubleToInt64Bits(Unsafe.Add(ref lanes, c + 12)) != 0 ? z2 : z;
            var s = Math.Max(0, Unsafe.Add(ref cusum, i) + Unsafe.Add(ref lanes, c) * x + Unsafe.Add(ref lanes, c + 4));
            ref var last = ref Unsafe.Add(ref lastZero, i);
            last = s == 0 ? count : last;
            crossed |= s > Unsafe.Add(ref lanes, c + 8);
            Unsafe.Add(ref cusum, i) = s;
        }

        return crossed;
    }

    private void Renormalize(DetectorParameters p)
    {
        double s1 = 0, s2 = 0;
        for (var i = 0; i < Q.Length; i++)
        {
            var v = Q[i] * Scale;
            Q[i] = v;
            s1 += v;
            s2 += v * v * p.InverseP[i];
        }

        Scale = 1;
        InverseScale = 1;
        S1 = s1;
        S2 = s2;
    }

    /// <summary>Each detector's statistic divided by its threshold (1 = alarm): mean, variance, shape.</summary>
    public (double Mean, double Variance, double Shape) Normalized(DetectorParameters p)
    {
        double mean = 0, variance = 0;
        for (var i = 0; i < p.CusumCount; i++)
        {
            var v = Cusum[i] / p.Threshold[i];
            if (i < p.MeanCount)
            {
                mean = Math.Max(mean, v);
            }
            else
            {
                variance = Math.Max(variance, v);
            }
        }

        return (mean, variance, ShapeDistance() * p.EwmaScale / p.EwmaThreshold);
    }

    /// <summary>The observations since the estimated change point of the statistic that alarmed.</summary>
    public long OnsetAgo(DetectorParameters p, int detector)
    {
        if (detector < p.CusumCount)
        {
            return Count - LastZero[detector];
        }

        // The EWMA has no change point of its own: take the CUSUM that moved away from 0 the longest ago and is still
        // high, else the EWMA's memory.
        long best = -1;
        for (var i = 0; i < p.CusumCount; i++)
        {
            if (Cusum[i] > p.Threshold[i] / 4)
            {
                best = Math.Max(best, Count - LastZero[i]);
            }
        }

        return best >= 0 ? best : Math.Min(Since, (long)(1 / p.Lambda));
    }
}

/// <summary>Finds the η that gives a configured ARL0 by simulating the detectors on a standard normal stream.</summary>
internal static class DetectorCalibration
{
    private static readonly ConcurrentDictionary<string, Lazy<double>> Cache = new();

    /// <summary>The calibrated η for the numeric detectors of <paramref name="options"/> (cached per configuration).</summary>
    public static double NumericEta(DriftMonitorOptions options)
    {
        var key = string.Join(",", options.Arl0, string.Join(";", options.MeanShifts), options.ScaleUp, options.ScaleDown, options.EwmaLambda, options.CalibrationSeed);
        // Lazy: monitors created at the same time run one simulation, not one each.
        return Cache.GetOrAdd(key, _ => new Lazy<double>(() => Solve(options))).Value;
    }

    private static double Solve(DriftMonitorOptions options)
    {
        var target = Math.Log(options.Arl0);
        var p = DetectorParameters.NumericBinProbabilities();
        // Secant on ln ARL(η), nearly linear in η; the same random numbers every time keep it monotone.
        var detectors = 2 * options.MeanShifts.Count + 3;
        double x0 = target + Math.Log(detectors) - 1.5, f0 = Math.Log(MeasureArl(options, x0, p)) - target;
        double x1 = x0 + 1, f1 = Math.Log(MeasureArl(options, x1, p)) - target;
        for (var iteration = 0; iteration < 8 && Math.Abs(f1) > 0.03; iteration++)
        {
            var slope = (f1 - f0) / (x1 - x0);
            if (!(slope > 0.05))
            {
                slope = 0.8;
            }

            var x2 = Math.Clamp(x1 - f1 / slope, x1 - 3, x1 + 3);
            x0 = x1;
            f0 = f1;
            x1 = x2;
            f1 = Math.Log(MeasureArl(options, x1, p)) - target;
        }

        return x1;
    }

    /// <summary>The mean run length to the first alarm with thresholds from <paramref name="eta"/>, over about 250 alarms (±6%).</summary>
    internal static double MeasureArl(DriftMonitorOptions options, double eta, double[] p)
    {
        var parameters = new DetectorParameters(options, eta, p, numeric: true);
        var state = new DetectorState(parameters);
        var random = new SeededRandom(options.CalibrationSeed);
        var budget = (long)Math.Min(1e8, 250 * options.Arl0);
        long steps = 0, alarms = 0, runStart = 0, runTotal = 0;
        while (steps < budget || alarms < 20)
        {
            var z = random.NextNormal();
            steps++;
            if (state.Step(parameters, z, DetectorParameters.NumericBin(z)) >= 0)
            {
                alarms++;
                runTotal += steps - runStart;
                runStart = steps;
                state.Reset(parameters);
            }

            if (steps > 50 * budget)
            {
                break;
            }
        }

        // A censored last run counts as at least its length (a lower bound when alarms are very rare).
        return alarms == 0 ? steps : (runTotal + (steps - runStart)) / (double)alarms;
    }
}
