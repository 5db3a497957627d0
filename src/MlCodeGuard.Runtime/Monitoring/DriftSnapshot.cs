using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// The state of one or more monitors as plain, mergeable data: exact counts, bin counts and sums add up; recent
/// (EWMA) frequencies and means are averaged by observation count; drift statistics take the maximum. Serialize with
/// <see cref="ToJson"/>, merge replicas with <see cref="Merge"/>, render with <c>mlguard monitor report</c>.
/// </summary>
public sealed record DriftSnapshot
{
    /// <summary>The format of this record; 1.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The monitored model's name.</summary>
    public string ModelName { get; init; } = string.Empty;

    /// <summary>The monitored model's version.</summary>
    public string ModelVersion { get; init; } = string.Empty;

    /// <summary>When the (earliest merged) monitor started.</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>When the (latest merged) snapshot was taken.</summary>
    public DateTimeOffset TakenUtc { get; init; }

    /// <summary>The configured ARL0 (observations of one column between false alarms).</summary>
    public double Arl0 { get; init; }

    /// <summary>Monitors merged into this snapshot (1 for one monitor).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Rows observed.</summary>
    public long Rows { get; init; }

    /// <summary>Per column (the score last).</summary>
    public IReadOnlyList<FeatureSnapshot> Features { get; init; } = Array.Empty<FeatureSnapshot>();

    /// <summary>The most recent alarms, oldest first.</summary>
    public IReadOnlyList<DriftAlarm> Alarms { get; init; } = Array.Empty<DriftAlarm>();

    /// <summary>The drift statistic of every column over time, oldest first.</summary>
    public IReadOnlyList<HistoryPoint> History { get; init; } = Array.Empty<HistoryPoint>();

    /// <summary>Loads, reloads, rollbacks and alarms with timestamps, when a <see cref="DeploymentRecord"/> was attached.</summary>
    public IReadOnlyList<DeploymentEvent> Deployment { get; init; } = Array.Empty<DeploymentEvent>();

    /// <summary>The snapshot as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, MonitoringJson.Options);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="FormatException">The text is not a snapshot.</exception>
    public static DriftSnapshot FromJson(string json)
    {
        try
        {
            var snapshot = JsonSerializer.Deserialize<DriftSnapshot>(json, MonitoringJson.Options) ?? throw new FormatException("drift snapshot: null");
            return snapshot.FormatVersion <= 1 ? snapshot : throw new FormatException($"drift snapshot: format {snapshot.FormatVersion} is newer than 1");
        }
        catch (JsonException e)
        {
            throw new FormatException("drift snapshot: " + e.Message, e);
        }
    }

    /// <summary>Reads a snapshot file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The snapshot.</returns>
    public static DriftSnapshot Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>Merges snapshots of monitors of the same model (replicas, or halves of one stream).</summary>
    /// <param name="snapshots">The snapshots; their columns must match by name and bins.</param>
    /// <returns>The merged snapshot.</returns>
    /// <exception cref="ArgumentException">The snapshots do not describe the same columns.</exception>
    public static DriftSnapshot Merge(IReadOnlyList<DriftSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            throw new ArgumentException("nothing to merge", nameof(snapshots));
        }

        var first = snapshots[0];
        var features = new List<FeatureSnapshot>();
        for (var i = 0; i < first.Features.Count; i++)
        {
            var parts = snapshots.Select(s => i < s.Features.Count && s.Features[i].Name == first.Features[i].Name && s.Features[i].BinCounts.Count == first.Features[i].BinCounts.Count
                ? s.Features[i]
                : throw new ArgumentException($"snapshots disagree on column {i} ('{first.Features[i].Name}')", nameof(snapshots))).ToArray();
            features.Add(FeatureSnapshot.Merge(parts));
        }

        return first with
        {
            StartedUtc = snapshots.Min(s => s.StartedUtc),
            TakenUtc = snapshots.Max(s => s.TakenUtc),
            Replicas = snapshots.Sum(s => s.Replicas),
            Rows = snapshots.Sum(s => s.Rows),
            Features = features,
            Alarms = snapshots.SelectMany(s => s.Alarms).OrderBy(a => a.Utc).ToArray(),
            History = snapshots.SelectMany(s => s.History).OrderBy(h => h.Utc).ToArray(),
            Deployment = snapshots.SelectMany(s => s.Deployment).OrderBy(d => d.Utc).ToArray(),
        };
    }
}

/// <summary>One column in a <see cref="DriftSnapshot"/>.</summary>
public sealed record FeatureSnapshot
{
    /// <summary>The column (<c>Score</c> for the score).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>How it is monitored.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
    public FeatureKind Kind { get; init; }

    /// <summary>Whether this is the model's score.</summary>
    public bool IsScore { get; init; }

    /// <summary>Non-missing observations.</summary>
    public long Count { get; init; }

    /// <summary>Missing observations (NaN, null or empty text).</summary>
    public long Missing { get; init; }

    /// <summary>Values below the baseline minimum or above its maximum.</summary>
    public long OutOfRange { get; init; }

    /// <summary>Categories the baseline never saw.</summary>
    public long Unseen { get; init; }

    /// <summary>Sum of the values (numeric), for the exact mean.</summary>
    public double Sum { get; init; }

    /// <summary>Sum of the squared values (numeric), for the exact variance.</summary>
    public double SumSquares { get; init; }

    /// <summary>The baseline's mean (numeric).</summary>
    public double BaselineMean { get; init; }

    /// <summary>The baseline's standard deviation (numeric).</summary>
    public double BaselineStdDev { get; init; }

    /// <summary>The recent (EWMA) mean of the values (numeric).</summary>
    public double RecentMean { get; init; }

    /// <summary>
    /// Bin labels: for numeric columns the upper edge of each bin in the column's units (the last is <c>+inf</c>),
    /// for categorical columns the category (the last is <c>(other)</c>).
    /// </summary>
    public IReadOnlyList<string> Bins { get; init; } = Array.Empty<string>();

    /// <summary>The baseline probability of each bin.</summary>
    public IReadOnlyList<double> BaselineFrequencies { get; init; } = Array.Empty<double>();

    /// <summary>Observations per bin since the monitor started (exact).</summary>
    public IReadOnlyList<long> BinCounts { get; init; } = Array.Empty<long>();

    /// <summary>The recent (EWMA) frequency of each bin.</summary>
    public IReadOnlyList<double> RecentFrequencies { get; init; } = Array.Empty<double>();

    /// <summary>Mean CUSUM statistic over its threshold (max over shards; 1 = alarm).</summary>
    public double MeanStatistic { get; init; }

    /// <summary>Variance CUSUM statistic over its threshold.</summary>
    public double VarianceStatistic { get; init; }

    /// <summary>Shape (EWMA) statistic over its threshold.</summary>
    public double ShapeStatistic { get; init; }

    /// <summary>Alarms raised for this column.</summary>
    public long Alarms { get; init; }

    /// <summary>The column's importance to the model.</summary>
    public double Importance { get; init; } = 1;

    /// <summary>The strongest of the three statistics.</summary>
    [JsonIgnore]
    public double Statistic => Math.Max(MeanStatistic, Math.Max(VarianceStatistic, ShapeStatistic));

    /// <summary>The exact mean of the observed values.</summary>
    [JsonIgnore]
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>The exact (population) variance of the observed values.</summary>
    [JsonIgnore]
    public double Variance => Count == 0 ? double.NaN : Math.Max(0, SumSquares / Count - Mean * Mean);

    internal static FeatureSnapshot Merge(IReadOnlyList<FeatureSnapshot> parts)
    {
        var first = parts[0];
        var count = parts.Sum(p => p.Count);
        var bins = first.BinCounts.Count;
        var recent = new double[bins];
        double recentMean = 0;
        foreach (var p in parts)
        {
            var w = count == 0 ? 1.0 / parts.Count : (double)p.Count / count;
            for (var b = 0; b < bins; b++)
            {
                recent[b] += w * p.RecentFrequencies[b];
            }

            recentMean += w * p.RecentMean;
        }

        return first with
        {
            Count = count,
            Missing = parts.Sum(p => p.Missing),
            OutOfRange = parts.Sum(p => p.OutOfRange),
            Unseen = parts.Sum(p => p.Unseen),
            Sum = parts.Sum(p => p.Sum),
            SumSquares = parts.Sum(p => p.SumSquares),
            RecentMean = recentMean,
            BinCounts = Enumerable.Range(0, bins).Select(b => parts.Sum(p => p.BinCounts[b])).ToArray(),
            RecentFrequencies = recent,
            MeanStatistic = parts.Max(p => p.MeanStatistic),
            VarianceStatistic = parts.Max(p => p.VarianceStatistic),
            ShapeStatistic = parts.Max(p => p.ShapeStatistic),
            Alarms = parts.Sum(p => p.Alarms),
        };
    }
}

/// <summary>The drift statistic of every column at one time.</summary>
/// <param name="Utc">When.</param>
/// <param name="Rows">Rows the monitor had observed.</param>
/// <param name="Statistics">Per column (snapshot order), the strongest statistic over its threshold.</param>
public sealed record HistoryPoint(DateTimeOffset Utc, long Rows, IReadOnlyList<double> Statistics);
