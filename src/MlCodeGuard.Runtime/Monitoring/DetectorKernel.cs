using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

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
/// The constants every shard's detectors share: designs, thresholds and bin probabilities. The detectors work on
/// log-likelihood-ratio CUSUMs (threshold <c>η</c> in nats) and on a χ²-scaled EWMA, so one parameter <c>η</c> sets
/// all thresholds and calibration solves for it.
/// </summary>
internal sealed class DetectorParameters
{
    // CUSUM k: index 2i = up, 2i+1 = down for mean design i; then variance up, variance down.
    public readonly double[] Slope;
    public readonly double[] Offset;
    public readonly bool[] Squared;
    public readonly int MeanCount;
    public readonly double CusumThreshold;
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
        for (var i = 0; i < shifts.Count; i++)
        {
            var d = shifts[i];
            // log N(d,1)/N(0,1) = d z − d²/2; down: −d z − d²/2.
            Slope[2 * i] = d;
            Slope[2 * i + 1] = -d;
            Offset[2 * i] = Offset[2 * i + 1] = -d * d / 2;
        }

        if (numeric)
        {
            // log N(0,c²)/N(0,1) = −ln c + z² (1 − 1/c²) / 2.
            SetScale(MeanCount, options.ScaleUp);
            SetScale(MeanCount + 1, options.ScaleDown);
        }

        CusumThreshold = eta;
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
        // at about e^η, so that mean and variance CUSUMs keep most of the false-alarm budget.
        var tail = Math.Min(0.25, Math.Exp(-eta) / (100 * Lambda));
        EwmaThreshold = NormalMath.ChiSquareUpperQuantile(Math.Max(1, p.Length - 1), tail);

        void SetScale(int i, double c)
        {
            Slope[i] = (1 - 1 / (c * c)) / 2;
            Offset[i] = -Math.Log(c);
            Squared[i] = true;
        }
    }

    public int CusumCount => Slope.Length;

    public int Bins => P.Length;

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

    public DetectorState(DetectorParameters parameters)
    {
        Cusum = new double[parameters.CusumCount];
        LastZero = new long[parameters.CusumCount];
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
        Count++;
        Since++;
        BinCounts[bin]++;
        var cusum = Cusum;
        var lastZero = LastZero;
        var slope = p.Slope;
        var offset = p.Offset;
        var h = p.CusumThreshold;
        var z2 = z * z;
        var mean = p.MeanCount;
        var count = Count;
        var crossed = false;
        // Branch-free updates (max and conditional moves): whether a CUSUM hits 0 is a coin flip in control, and
        // mispredicted branches would cost more than the arithmetic.
        for (var i = 0; i < cusum.Length; i++)
        {
            var s = Math.Max(0, cusum[i] + (i < mean ? slope[i] * z : slope[i] * z2) + offset[i]);
            lastZero[i] = s == 0 ? count : lastZero[i];
            crossed |= s > h;
            cusum[i] = s;
        }

        // EWMA p̂ ← (1−λ) p̂ + λ e_bin, kept as p̂ = Scale · Q so only one bin changes; InverseScale avoids a division.
        var scale = Scale * p.OneMinusLambda;
        var inverse = InverseScale * p.InverseOneMinusLambda;
        var increment = p.Lambda * inverse;
        var q = Q[bin];
        var next = q + increment;
        Q[bin] = next;
        S1 += increment;
        S2 += (next * next - q * q) * p.InverseP[bin];
        Scale = scale;
        InverseScale = inverse;
        if (scale < 1e-100)
        {
            Renormalize(p);
        }

        if (crossed)
        {
            for (var i = 0; i < cusum.Length; i++)
            {
                if (cusum[i] > h)
                {
                    return i;
                }
            }
        }

        return ShapeDistance() * p.EwmaScale > p.EwmaThreshold ? cusum.Length : -1;
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
        for (var i = 0; i < Cusum.Length; i++)
        {
            var v = Cusum[i] / p.CusumThreshold;
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
        if (detector < Cusum.Length)
        {
            return Count - LastZero[detector];
        }

        // The EWMA has no change point of its own: take the CUSUM that moved away from 0 the longest ago and is still
        // high, else the EWMA's memory.
        long best = -1;
        for (var i = 0; i < Cusum.Length; i++)
        {
            if (Cusum[i] > p.CusumThreshold / 4)
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
