using BenchmarkDotNet.Attributes;
using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Benchmarks.Runtime;

/// <summary>
/// The cost of drift monitoring per feature per observation: rows of 10 numeric columns observed through
/// <see cref="DriftMonitor.BeginRow"/> (shard lock, normal-score transform, 8 CUSUMs, the EWMA over bins, exact
/// counts), against the bare loop that reads the same values (the baseline). Each invocation observes 1,024 rows, so
/// the reported time is per row of 10 features: divide by 10 for the cost per feature.
/// </summary>
[MemoryDiagnoser]
public class MonitoringBenchmarks
{
    private const int Rows = 1_024;
    private const int Features = 10;
    private double[] _values = [];
    private DriftMonitor _monitor = null!;
    private DetectorState[] _states = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        double Next() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var builder = new BaselineBuilder();
        for (var f = 0; f < Features; f++)
        {
            builder.AddNumeric("x" + f);
        }

        for (var i = 0; i < 20_000; i++)
        {
            for (var f = 0; f < Features; f++)
            {
                builder.Add(f, Next());
            }
        }

        _monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 1 });
        _states = _monitor.Columns.Select(c => new DetectorState(c.Numeric)).ToArray();

        // The 1,024 rows repeat for the whole run, so they must hold no drift: each column gets the 1,024 normal
        // quantiles Φ⁻¹((i + ½) / 1,024) in a shuffled order (an exact N(0,1) sample; every CUSUM falls back each
        // cycle). An alarm would allocate its record: the setup checks that 50 cycles raise none.
        for (var attempt = 0; ; attempt++)
        {
            var shuffle = new Random(100 + attempt);
            _values = new double[Rows * Features];
            for (var f = 0; f < Features; f++)
            {
                var column = Enumerable.Range(0, Rows).Select(i => InverseNormal((i + 0.5) / Rows)).OrderBy(_ => shuffle.Next()).ToArray();
                for (var r = 0; r < Rows; r++)
                {
                    _values[r * Features + f] = column[r];
                }
            }

            var alarms = 0;
            void Count(object? sender, DriftAlarm alarm) => alarms++;
            _monitor.AlarmRaised += Count;
            for (var cycle = 0; cycle < 50; cycle++)
            {
                ObserveRows();
            }

            _monitor.AlarmRaised -= Count;
            if (alarms == 0)
            {
                break;
            }

            if (attempt == 20)
            {
                throw new InvalidOperationException("no alarm-free cycle found");
            }
        }
    }

    private static double InverseNormal(double p)
    {
        // Bisection on the CDF through erfc: setup only.
        double lo = -10, hi = 10;
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (0.5 * Erfc(-mid / Math.Sqrt(2)) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    [GlobalCleanup]
    public void Cleanup() => _monitor.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double ReadValues()
    {
        double sum = 0;
        var values = _values;
        for (var r = 0; r < Rows; r++)
        {
            for (var f = 0; f < Features; f++)
            {
                sum += values[r * Features + f];
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void ObserveRows()
    {
        var values = _values;
        for (var r = 0; r < Rows; r++)
        {
            using var row = _monitor.BeginRow();
            for (var f = 0; f < Features; f++)
            {
                row.Numeric(f, values[r * Features + f]);
            }
        }
    }

    /// <summary>The fixed cost of a row without columns (shard lock, row count, history countdown): ObserveRows minus this, over 10, is the cost per column.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public void EmptyRows()
    {
        for (var r = 0; r < Rows; r++)
        {
            using var row = _monitor.BeginRow();
        }
    }

    /// <summary>Part of ObserveRows: only the normal-score transform of the 10 values (the per-column bucket table, <c>ScoreTable</c>, one value at a time; the row-wise path gathers 4 columns at once).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public double ScoreTransform()
    {
        var values = _values;
        var table = _monitor.Shards[0].Numeric.Table!;
        double sum = 0;
        for (var r = 0; r < Rows; r++)
        {
            for (var f = 0; f < Features; f++)
            {
                sum += table.Score(f, values[r * Features + f]);
            }
        }

        return sum;
    }

    /// <summary>
    /// For comparison: the per-column detector kernel (<c>DetectorState.Step</c>: 8 CUSUMs in two Vector256 blocks, the
    /// EWMA, the bin count; what observing did per value before the row-wise lanes, and what the calibration still
    /// runs) on 10 columns of precomputed normal scores, no lock.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int DetectorSteps()
    {
        var scores = _values; // already N(0,1): use the values as normal scores
        var columns = _monitor.Columns;
        var states = _states;
        var alarms = 0;
        for (var r = 0; r < Rows; r++)
        {
            for (var f = 0; f < Features; f++)
            {
                var z = scores[r * Features + f];
                alarms += states[f].Step(columns[f].Numeric, z, DetectorParameters.NumericBin(z)) >= 0 ? 1 : 0;
            }
        }

        return alarms;
    }
}
