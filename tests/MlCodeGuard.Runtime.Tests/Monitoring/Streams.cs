using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>Seeded synthetic data for the monitoring tests.</summary>
internal static class Streams
{
    /// <summary>A standard normal generator (Box–Muller over a seeded <see cref="Random"/>).</summary>
    public sealed class Normal(int seed)
    {
        private readonly Random _random = new(seed);

        public double Next()
        {
            var u1 = 1 - _random.NextDouble();
            var u2 = _random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        public double Uniform() => _random.NextDouble();
    }

    /// <summary>A baseline of <paramref name="features"/> standard normal columns (x0, x1, …), with a score that is their sum.</summary>
    public static MonitoringBaseline NormalBaseline(int features, int rows = 20_000, int seed = 1, bool score = false)
    {
        var builder = new BaselineBuilder();
        for (var f = 0; f < features; f++)
        {
            builder.AddNumeric("x" + f);
        }

        var normal = new Normal(seed);
        for (var r = 0; r < rows; r++)
        {
            double sum = 0;
            for (var f = 0; f < features; f++)
            {
                var x = normal.Next();
                sum += x;
                builder.Add(f, x);
            }

            if (score)
            {
                builder.AddScore(sum);
            }

            builder.EndRow();
        }

        return builder.Build();
    }

    /// <summary>
    /// Feeds one numeric column until the first alarm after observation <paramref name="after"/> (a change point: false
    /// alarms before it are expected at the configured rate and ignored) or <paramref name="limit"/> observations.
    /// </summary>
    public static (DriftAlarm? Alarm, long Observations) RunUntilAlarm(DriftMonitor monitor, Func<double> next, long limit, long after = 0, int feature = 0)
    {
        DriftAlarm? alarm = null;
        long n = 0;
        void OnAlarm(object? sender, DriftAlarm a)
        {
            if (n > after)
            {
                alarm ??= a;
            }
        }

        monitor.AlarmRaised += OnAlarm;
        try
        {
            for (n = 1; n <= limit; n++)
            {
                using (var row = monitor.BeginRow())
                {
                    row.Numeric(feature, next());
                }

                if (alarm is not null)
                {
                    return (alarm, n);
                }
            }

            return (null, limit);
        }
        finally
        {
            monitor.AlarmRaised -= OnAlarm;
        }
    }
}
