using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// Names of the monitoring instruments on the runtime's meter (<see cref="RuntimeTelemetry.MeterName"/>). Gauges and
/// counters carry the <c>model</c> and <c>feature</c> tags, so a collector or Prometheus aggregates replicas: take the
/// maximum of the statistic gauges, the sum of the counters.
/// </summary>
public static class MonitoringTelemetry
{
    /// <summary>Observable gauge: a detector's statistic over its alarm threshold (1 = alarm), strongest over shards. Tags <c>model</c>, <c>feature</c>, <c>detector</c> (<c>mean</c>, <c>variance</c>, <c>shape</c>).</summary>
    public const string DriftStatistic = "mlguard.drift.statistic";

    /// <summary>Counter: drift alarms. Tags <c>model</c>, <c>feature</c>, <c>detector</c>.</summary>
    public const string DriftAlarms = "mlguard.drift.alarms";

    /// <summary>Observable counter: rows observed by monitors. Tag <c>model</c>.</summary>
    public const string Observations = "mlguard.monitor.observations";

    /// <summary>Observable counter: missing values (NaN, null or empty text). Tags <c>model</c>, <c>feature</c>.</summary>
    public const string Missing = "mlguard.data.missing";

    /// <summary>Observable counter: values outside the baseline's [min, max]. Tags <c>model</c>, <c>feature</c>.</summary>
    public const string OutOfRange = "mlguard.data.out_of_range";

    /// <summary>Observable counter: categories the training data never had. Tags <c>model</c>, <c>feature</c>.</summary>
    public const string UnseenCategories = "mlguard.data.unseen_categories";

    /// <summary>The tag naming the column.</summary>
    public const string FeatureTag = "feature";

    /// <summary>The tag naming the detector.</summary>
    public const string DetectorTag = "detector";

    private static readonly object Lock = new();
    private static readonly List<DriftMonitor> Monitors = new();

    private static readonly Counter<long> AlarmCounter =
        RuntimeTelemetry.Meter.CreateCounter<long>(DriftAlarms, "{alarm}", "Drift alarms.");

    private static readonly ObservableGauge<double> StatisticGauge =
        RuntimeTelemetry.Meter.CreateObservableGauge(DriftStatistic, ObserveStatistics, "1", "Drift statistic over its alarm threshold.");

    private static readonly ObservableCounter<long> ObservationCounter =
        RuntimeTelemetry.Meter.CreateObservableCounter(Observations, ObserveRows, "{row}", "Rows observed by drift monitors.");

    private static readonly ObservableCounter<long> MissingCounter =
        RuntimeTelemetry.Meter.CreateObservableCounter(Missing, () => ObserveIntegrity(0), "{value}", "Missing values.");

    private static readonly ObservableCounter<long> OutOfRangeCounter =
        RuntimeTelemetry.Meter.CreateObservableCounter(OutOfRange, () => ObserveIntegrity(1), "{value}", "Values outside the baseline range.");

    private static readonly ObservableCounter<long> UnseenCounter =
        RuntimeTelemetry.Meter.CreateObservableCounter(UnseenCategories, () => ObserveIntegrity(2), "{value}", "Categories the baseline never saw.");

    internal static void Register(DriftMonitor monitor)
    {
        lock (Lock)
        {
            Monitors.Add(monitor);
        }
    }

    internal static void Unregister(DriftMonitor monitor)
    {
        lock (Lock)
        {
            Monitors.Remove(monitor);
        }
    }

    internal static void CountAlarm(DriftMonitor monitor, DriftAlarm alarm)
    {
        if (AlarmCounter.Enabled)
        {
            var tags = new TagList
            {
                { RuntimeTelemetry.ModelTag, monitor.ModelName },
                { FeatureTag, alarm.Feature },
                { DetectorTag, Name(alarm.Detector) },
            };
            AlarmCounter.Add(1, tags);
        }
    }

    private static string Name(DriftDetector detector) => detector switch
    {
        DriftDetector.Mean => "mean",
        DriftDetector.Variance => "variance",
        _ => "shape",
    };

    private static DriftMonitor[] Live()
    {
        lock (Lock)
        {
            return Monitors.ToArray();
        }
    }

    private static IEnumerable<Measurement<double>> ObserveStatistics()
    {
        var result = new List<Measurement<double>>();
        foreach (var monitor in Live())
        {
            var statistics = monitor.CurrentStatistics();
            for (var i = 0; i < statistics.Length; i++)
            {
                var feature = monitor.FeatureNames[i];
                result.Add(Measure(statistics[i].Mean, monitor, feature, "mean"));
                result.Add(Measure(statistics[i].Variance, monitor, feature, "variance"));
                result.Add(Measure(statistics[i].Shape, monitor, feature, "shape"));
            }
        }

        return result;
    }

    private static Measurement<double> Measure(double value, DriftMonitor monitor, string feature, string detector) =>
        new(value,
            new KeyValuePair<string, object?>(RuntimeTelemetry.ModelTag, monitor.ModelName),
            new KeyValuePair<string, object?>(FeatureTag, feature),
            new KeyValuePair<string, object?>(DetectorTag, detector));

    private static IEnumerable<Measurement<long>> ObserveRows()
    {
        var result = new List<Measurement<long>>();
        foreach (var monitor in Live())
        {
            result.Add(new Measurement<long>(monitor.Rows, new KeyValuePair<string, object?>(RuntimeTelemetry.ModelTag, monitor.ModelName)));
        }

        return result;
    }

    private static IEnumerable<Measurement<long>> ObserveIntegrity(int which)
    {
        var result = new List<Measurement<long>>();
        foreach (var monitor in Live())
        {
            var counts = monitor.IntegrityCounts();
            for (var i = 0; i < counts.Length; i++)
            {
                var value = which == 0 ? counts[i].Missing : which == 1 ? counts[i].OutOfRange : counts[i].Unseen;
                result.Add(new Measurement<long>(value,
                    new KeyValuePair<string, object?>(RuntimeTelemetry.ModelTag, monitor.ModelName),
                    new KeyValuePair<string, object?>(FeatureTag, monitor.FeatureNames[i])));
            }
        }

        return result;
    }
}
