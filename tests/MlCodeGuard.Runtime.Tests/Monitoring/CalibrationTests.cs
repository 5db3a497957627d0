using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>
/// The false-alarm rate: the mean run length to a false alarm, measured on fresh seeded streams (not the calibration's),
/// is within ±20% of the configured ARL0. Calibrated at ARL0 = 500 to stay fast: 400 runs of about 500 observations
/// (standard error of the mean ≈ 5%); the benchmark simulation measures the default 20,000.
/// </summary>
public sealed class CalibrationTests
{
    private const double Arl0 = 500;
    private const int Runs = 400;

    [Fact]
    public void NormalColumnFalseAlarmsEveryArl0Observations()
    {
        var baseline = Streams.NormalBaseline(1, rows: 100_000, seed: 21);
        var normal = new Streams.Normal(22);
        AssertArl(baseline, normal.Next);
    }

    [Fact]
    public void SkewedColumnFalseAlarmsEveryArl0ObservationsToo()
    {
        // The normal-score transform makes the calibration hold for any continuous distribution: a log-normal here.
        var builder = new BaselineBuilder();
        builder.AddNumeric("income");
        var normal = new Streams.Normal(31);
        for (var i = 0; i < 100_000; i++)
        {
            builder.Add(0, Math.Exp(normal.Next()));
            builder.EndRow();
        }

        AssertArl(builder.Build(), () => Math.Exp(normal.Next()));
    }

    private static void AssertArl(MonitoringBaseline baseline, Func<double> next)
    {
        using var monitor = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1, Arl0 = Arl0 });
        long observations = 0;
        var alarms = 0;
        monitor.AlarmRaised += (_, _) => alarms++;
        while (alarms < Runs)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, next());
            observations++;
        }

        var arl = (double)observations / alarms;
        Assert.InRange(arl, 0.8 * Arl0, 1.2 * Arl0);
    }
}
