using System.Diagnostics;
using System.Globalization;
using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Benchmarks.Runtime;

/// <summary>
/// Seeded simulation of detection delay at a measured false-alarm rate: MlCodeGuard's <see cref="DriftMonitor"/>
/// (one column, one shard, default options) against fixed-window checks configured like the peers' defaults
/// (windows of 1,000 observations against a 10,000-row reference; two-sample KS p &lt; 0.05; PSI over 10 reference
/// deciles ≥ 0.1). Same streams for every method: N(0,1) before the change, the shifted stream after it.
/// </summary>
/// <remarks>
/// Delay = observations from the change to the alarm (for a window check, to the end of the first window that fails;
/// the change falls at a random point of a window). ARL0 = mean observations to the first false alarm on unshifted
/// data. Runs whose detector fired before the change are restarted (they measure ARL0, not delay).
/// </remarks>
public static class MonitoringSimulation
{
    private const int Window = 1_000;
    private const int ReferenceRows = 10_000;

    /// <summary>Runs the simulation; <paramref name="windows"/> false skips the (slow) window checks, for tuning.</summary>
    public static void Run(int arlRuns, int delayRuns, double arl0, bool windows = true)
    {
        var started = Stopwatch.StartNew();
        Console.WriteLine($"monitoring simulation: configured ARL0 {arl0:0}, {arlRuns} ARL0 runs, {delayRuns} delay runs per shift; load average {LoadAverage()}");
        var baseline = Baseline(200_000, seed: 1);
        var options = new DriftMonitorOptions { Shards = 1, Arl0 = arl0, HistoryEvery = int.MaxValue };
        var reference = Reference(seed: 2);

        var ours = MeasureArl(arlRuns, seed: 100, (Func<double> next, long limit) => FirstAlarm(baseline, options, next, limit, 0));
        var ks = MeasureArl(windows ? arlRuns / 4 : 0, seed: 200, (next, limit) => WindowAlarm(reference, next, limit, 0, useKs: true));
        var psi = MeasureArl(windows ? arlRuns / 4 : 0, seed: 300, (next, limit) => WindowAlarm(reference, next, limit, 0, useKs: false));
        Console.WriteLine();
        Console.WriteLine("| method | measured ARL0 (mean obs. to a false alarm) | runs |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| MlCodeGuard (CUSUM mean/variance + EWMA bins) | {ours.Mean:0} (95% CI {ours.Low:0}–{ours.High:0}) | {ours.Runs} |");
        Console.WriteLine($"| window 1,000, KS p < 0.05 | {ks.Mean:0} (95% CI {ks.Low:0}–{ks.High:0}) | {ks.Runs} |");
        Console.WriteLine($"| window 1,000, PSI ≥ 0.1 | {Censored(psi)} | {psi.Runs} |");

        Console.WriteLine();
        Console.WriteLine("| shift | MlCodeGuard median delay | KS window median delay | PSI window median delay | ratio KS / ours | issue target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var shifts = new (string Name, Func<double, double> Apply, string Target)[]
        {
            ("+0.1σ", z => z + 0.1, "≤ 1,000"),
            ("+0.25σ", z => z + 0.25, "≤ 200"),
            ("+1σ", z => z + 1, "≤ 40"),
            ("×1.25 scale", z => z * 1.25, "≤ 160"),
        };
        foreach (var (name, apply, target) in shifts)
        {
            var d1 = MedianDelay(delayRuns, 1_000, apply, (next, limit, change) => FirstAlarm(baseline, options, next, limit, change));
            var d2 = MedianDelay(windows ? delayRuns : 0, 1_000, apply, (next, limit, change) => WindowAlarm(reference, next, limit, change, useKs: true));
            var d3 = MedianDelay(windows ? delayRuns : 0, 1_000, apply, (next, limit, change) => WindowAlarm(reference, next, limit, change, useKs: false));
            Console.WriteLine($"| {name} | {Show(d1)} | {Show(d2)} | {Show(d3)} | {(d1 > 0 && d2 > 0 ? (d2 / d1).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "—")} | {target} |");
        }

        Console.WriteLine();
        Console.WriteLine($"simulation took {started.Elapsed.TotalSeconds:0} s; load average {LoadAverage()}");
    }

    private static string Show(double d) => d < 0 ? "not detected within 100,000" : d.ToString("0", CultureInfo.InvariantCulture);

    private static string Censored((double Mean, double Low, double High, int Runs, int Censored) r) =>
        r.Censored > 0 ? $"> {r.Mean:0} ({r.Censored} of {r.Runs} runs without a false alarm in 1,000,000)" : $"{r.Mean:0} (95% CI {r.Low:0}–{r.High:0})";

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static MonitoringBaseline Baseline(int rows, int seed)
    {
        var builder = new BaselineBuilder();
        builder.AddNumeric("x");
        var random = new Gaussian(seed);
        for (var i = 0; i < rows; i++)
        {
            builder.Add(0, random.Next());
            builder.EndRow();
        }

        return builder.Build();
    }

    private static double[] Reference(int seed)
    {
        var random = new Gaussian(seed);
        var values = new double[ReferenceRows];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next();
        }

        Array.Sort(values);
        return values;
    }

    /// <summary>Observations until the monitor's first alarm after <paramref name="change"/> (−1 if none by the limit); alarms before it restart the run.</summary>
    private static long FirstAlarm(MonitoringBaseline baseline, DriftMonitorOptions options, Func<double> next, long limit, long change)
    {
        using var monitor = new DriftMonitor(baseline, options);
        var alarmed = false;
        monitor.AlarmRaised += (_, _) => alarmed = true;
        for (long n = 1; n <= limit; n++)
        {
            using (var row = monitor.BeginRow())
            {
                row.Numeric(0, next());
            }

            if (alarmed)
            {
                if (n > change)
                {
                    return n;
                }

                return long.MinValue; // false alarm before the change: the caller restarts
            }
        }

        return -1;
    }

    /// <summary>Observations until the end of the first failing window after the change; window checks keep no state between windows.</summary>
    private static long WindowAlarm(double[] reference, Func<double> next, long limit, long change, bool useKs)
    {
        var window = new double[Window];
        var edges = new double[9];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = reference[(i + 1) * reference.Length / 10];
        }

        for (long start = 0; start + Window <= limit; start += Window)
        {
            for (var i = 0; i < Window; i++)
            {
                window[i] = next();
            }

            var fails = useKs ? KsPValue(reference, window) < 0.05 : Psi(edges, window) >= 0.1;
            if (fails)
            {
                var end = start + Window;
                if (end > change)
                {
                    return end;
                }

                return long.MinValue;
            }
        }

        return -1;
    }

    private static double KsPValue(double[] sortedReference, double[] window)
    {
        Array.Sort(window);
        int i = 0, j = 0;
        double d = 0;
        var n = sortedReference.Length;
        var m = window.Length;
        while (i < n && j < m)
        {
            var x = Math.Min(sortedReference[i], window[j]);
            while (i < n && sortedReference[i] <= x)
            {
                i++;
            }

            while (j < m && window[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs((double)i / n - (double)j / m));
        }

        // Asymptotic Kolmogorov distribution with the effective size (scipy's ks_2samp "asymp" mode).
        var en = Math.Sqrt((double)n * m / (n + m));
        var lambda = (en + 0.12 + 0.11 / en) * d;
        double sum = 0;
        for (var k = 1; k <= 100; k++)
        {
            sum += 2 * (k % 2 == 1 ? 1 : -1) * Math.Exp(-2 * k * k * lambda * lambda);
        }

        return Math.Clamp(sum, 0, 1);
    }

    private static double Psi(double[] edges, double[] window)
    {
        Span<int> counts = stackalloc int[10];
        foreach (var v in window)
        {
            var b = 0;
            while (b < edges.Length && v > edges[b])
            {
                b++;
            }

            counts[b]++;
        }

        double psi = 0;
        for (var b = 0; b < 10; b++)
        {
            var expected = 0.1;
            var actual = Math.Max(counts[b], 0.5) / window.Length; // Evidently's floor for empty bins is similar
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return psi;
    }

    private static (double Mean, double Low, double High, int Runs, int Censored) MeasureArl(int runs, int seed, Func<Func<double>, long, long> detector)
    {
        var lengths = new List<double>();
        var censored = 0;
        const long limit = 1_000_000;
        for (var r = 0; r < runs; r++)
        {
            var random = new Gaussian(seed * 1_000_003 + r);
            var n = detector(random.Next, limit);
            if (n < 0 && n != long.MinValue)
            {
                censored++;
                lengths.Add(limit);
            }
            else
            {
                lengths.Add(n == long.MinValue ? 1 : n);
            }
        }

        if (lengths.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN, 0, 0);
        }

        var mean = lengths.Average();
        var sd = Math.Sqrt(lengths.Sum(l => (l - mean) * (l - mean)) / Math.Max(1, lengths.Count - 1));
        var half = 1.96 * sd / Math.Sqrt(lengths.Count);
        return (mean, mean - half, mean + half, runs, censored);
    }

    private static double MedianDelay(int runs, int warmup, Func<double, double> shift, Func<Func<double>, long, long, long> detector)
    {
        var delays = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            for (var attempt = 0; ; attempt++)
            {
                var random = new Gaussian(7_000_000 + 1_000 * r + attempt);
                // The change falls anywhere in a window: the window checks are not handed an aligned change point.
                var change = warmup + (long)(random.Uniform() * Window);
                long n = 0;
                var result = detector(() => ++n > change ? shift(random.Next()) : random.Next(), change + 100_000, change);
                if (result == long.MinValue)
                {
                    continue; // a false alarm before the change; draw a new stream
                }

                delays.Add(result < 0 ? double.PositiveInfinity : result - change);
                break;
            }
        }

        if (delays.Count == 0)
        {
            return double.NaN;
        }

        delays.Sort();
        var median = delays[delays.Count / 2];
        return double.IsPositiveInfinity(median) ? -1 : median;
    }

    private sealed class Gaussian(int seed)
    {
        private readonly Random _random = new(seed);

        public double Uniform() => _random.NextDouble();

        public double Next()
        {
            var u1 = 1 - _random.NextDouble();
            var u2 = _random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
