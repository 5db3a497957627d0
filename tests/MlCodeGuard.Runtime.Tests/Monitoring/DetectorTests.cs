using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>The detectors on synthetic streams with known shifts (mean, variance, shape, categorical) and data integrity.</summary>
public sealed class DetectorTests
{
    private static readonly MonitoringBaseline Baseline = Streams.NormalBaseline(1);

    private static DriftMonitor Monitor(MonitoringBaseline? baseline = null) => new(baseline ?? Baseline, new DriftMonitorOptions { Shards = 1, Arl0 = 20_000 });

    [Theory]
    [InlineData(1.0, "up", 60)]
    [InlineData(-1.0, "down", 60)]
    [InlineData(0.5, "up", 200)]
    public void MeanShiftIsDetectedSoonAfterItsStartWithItsOnset(double shift, string direction, long maxDelay)
    {
        using var monitor = Monitor();
        var normal = new Streams.Normal(7);
        const int change = 3_000;
        long n = 0;
        var (alarm, at) = Streams.RunUntilAlarm(monitor, () => normal.Next() + (++n > change ? shift : 0), 20_000, after: change);

        Assert.NotNull(alarm);
        Assert.True(at - change <= maxDelay, $"detected {at - change} observations after the change");
        Assert.Equal(DriftDetector.Mean, alarm!.Detector);
        Assert.Equal(direction, alarm.Direction);
        // The CUSUM's last zero estimates the change point (more loosely for a smaller shift).
        Assert.InRange(at - alarm.OnsetObservationsAgo, change - maxDelay / 2, change + maxDelay / 2);
    }

    [Theory]
    [InlineData(0.25, 200)]
    [InlineData(0.1, 1_000)]
    public void SmallMeanShiftsAreDetectedWithinTheIssueTargetsMedianDelay(double shift, long target)
    {
        // The issue's targets for small shifts (the benchmark simulation measures them on 200 runs at a measured
        // ARL0 ≥ 20,000): a regression guard for the false-alarm budget, which the small-shift CUSUMs need most of.
        var baseline = Streams.NormalBaseline(1, rows: 100_000, seed: 21);
        var delays = new List<long>();
        for (var run = 0; run < 41; run++)
        {
            using var monitor = Monitor(baseline);
            var normal = new Streams.Normal(40_000 + run);
            const int change = 1_500;
            long n = 0;
            var (alarm, at) = Streams.RunUntilAlarm(monitor, () => normal.Next() + (++n > change ? shift : 0), change + 20_000, after: change);
            Assert.NotNull(alarm); // any detector counts, as in the simulation (the shape EWMA sees the bins move too)
            delays.Add(at - change);
        }

        delays.Sort();
        Assert.True(delays[delays.Count / 2] <= target, $"median delay {delays[delays.Count / 2]} (all: {string.Join(", ", delays)})");
    }

    [Fact]
    public void VarianceIncreaseIsDetectedAsAVarianceOrShapeChange()
    {
        using var monitor = Monitor();
        var normal = new Streams.Normal(11);
        const int change = 2_000;
        long n = 0;
        var (alarm, at) = Streams.RunUntilAlarm(monitor, () => normal.Next() * (++n > change ? 2 : 1), 20_000, after: change);

        Assert.NotNull(alarm);
        Assert.True(at > change && at - change < 60, $"alarm at {at}");
        // Doubling the spread fattens the tails too: the shape EWMA may see it first; it is never a mean shift.
        Assert.Contains(alarm!.Detector, new[] { DriftDetector.Variance, DriftDetector.Shape });
        Assert.True(alarm.Detector == DriftDetector.Shape || alarm.Direction == "up");
    }

    [Fact]
    public void VarianceDecreaseIsDetected()
    {
        using var monitor = Monitor();
        var normal = new Streams.Normal(12);
        const int change = 2_000;
        long n = 0;
        var (alarm, at) = Streams.RunUntilAlarm(monitor, () => normal.Next() * (++n > change ? 0.5 : 1), 20_000, after: change);

        Assert.NotNull(alarm);
        Assert.True(at > change && at - change < 300, $"alarm at {at}");
        Assert.Equal(DriftDetector.Variance, alarm!.Detector);
        Assert.Equal("down", alarm.Direction);
    }

    [Fact]
    public void ShapeChangeWithTheSameMeanAndVarianceIsDetectedByTheShapeDetector()
    {
        // ±1 with equal odds plus a little noise: mean 0 and variance ≈ 1.01, like the baseline, but bimodal.
        using var monitor = Monitor();
        var normal = new Streams.Normal(13);
        const int change = 2_000;
        long n = 0;
        var (alarm, at) = Streams.RunUntilAlarm(monitor,
            () => ++n > change ? (normal.Uniform() < 0.5 ? -1 : 1) + 0.1 * normal.Next() : normal.Next(), 20_000, after: change);

        Assert.NotNull(alarm);
        Assert.True(at > change && at - change < 1_000, $"alarm at {at}");
        Assert.Equal(DriftDetector.Shape, alarm!.Detector);
    }

    [Fact]
    public void NoAlarmWithoutChangeOverAFractionOfArl0()
    {
        using var monitor = Monitor();
        var normal = new Streams.Normal(5);
        var (alarm, _) = Streams.RunUntilAlarm(monitor, normal.Next, 2_000, after: 0);
        Assert.Null(alarm);
    }

    [Fact]
    public void CategoricalFrequencyChangeAndUnseenCategoriesAreDetected()
    {
        var builder = new BaselineBuilder();
        var city = builder.AddCategorical("City");
        var random = new Random(3);
        string[] cities = ["Paris", "Lyon", "Nice", "Lille"];
        double[] odds = [0.4, 0.3, 0.2, 0.1];
        string Draw(double[] p)
        {
            var u = random.NextDouble();
            for (var i = 0; i < p.Length; i++)
            {
                if ((u -= p[i]) < 0)
                {
                    return cities[i];
                }
            }

            return cities[^1];
        }

        for (var i = 0; i < 10_000; i++)
        {
            builder.Add(city, Draw(odds));
            builder.EndRow();
        }

        var baseline = builder.Build();
        Assert.Equal(["Paris", "Lyon", "Nice", "Lille"], baseline.Features[0].Categories);
        Assert.Equal(0.4, baseline.Features[0].Frequencies[0], 1);

        using var monitor = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1 });
        DriftAlarm? alarm = null;
        monitor.AlarmRaised += (_, a) => alarm ??= a;
        const int change = 3_000;
        var at = 0;
        for (var n = 1; n <= 20_000 && alarm is null; n++)
        {
            using var row = monitor.BeginRow();
            row.Categorical(0, n > change ? Draw([0.25, 0.25, 0.25, 0.25]) : Draw(odds));
            at = n;
        }

        Assert.NotNull(alarm);
        Assert.True(at > change && at - change < 1_500, $"alarm at {at}");
        Assert.Equal(DriftDetector.Shape, alarm!.Detector);

        using (var row = monitor.BeginRow())
        {
            row.Categorical(0, "Marseille");
        }

        using (var row = monitor.BeginRow())
        {
            row.Categorical(0, null);
        }

        var counts = monitor.IntegrityCounts()[0];
        Assert.Equal(1, counts.Unseen);
        Assert.Equal(1, counts.Missing);
        Assert.Equal(at + 1, counts.Count);
    }

    [Fact]
    public void MissingAndOutOfRangeValuesAreCountedExactly()
    {
        using var monitor = Monitor();
        var min = Baseline.Features[0].Min;
        var max = Baseline.Features[0].Max;
        double[] values = [0.1, double.NaN, max + 1, min - 1, double.NaN, 0, max];
        foreach (var v in values)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, v);
        }

        var counts = monitor.IntegrityCounts()[0];
        Assert.Equal((5L, 2L, 2L, 0L), counts);
        Assert.Equal(values.Length, monitor.Rows);
    }
}
