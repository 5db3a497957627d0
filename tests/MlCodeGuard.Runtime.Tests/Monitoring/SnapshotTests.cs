using MlCodeGuard.Runtime.Monitoring;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>Snapshots: JSON round trip, and two halves merged equal the whole (exactly for counts, within bounds for sketches).</summary>
public sealed class SnapshotTests
{
    private static readonly MonitoringBaseline Baseline = Streams.NormalBaseline(2, rows: 10_000, score: true);

    private static void Feed(DriftMonitor monitor, int seed, int rows, double shift)
    {
        var normal = new Streams.Normal(seed);
        for (var i = 0; i < rows; i++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, normal.Next() + shift);
            row.Numeric(1, i % 7 == 0 ? double.NaN : normal.Next());
            row.Score(normal.Next());
        }
    }

    [Fact]
    public void SnapshotRoundTripsThroughJson()
    {
        using var monitor = new DriftMonitor(Baseline, new DriftMonitorOptions { Shards = 2, ModelName = "m", ModelVersion = "1.0.0", HistoryEvery = 100 });
        Feed(monitor, 1, 5_000, shift: 1);
        var snapshot = monitor.Snapshot();
        Assert.NotEmpty(snapshot.Alarms);
        Assert.NotEmpty(snapshot.History);

        var json = snapshot.ToJson();
        var back = DriftSnapshot.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(snapshot.Rows, back.Rows);
        Assert.Equal(snapshot.Features[0].BinCounts, back.Features[0].BinCounts);
        Assert.Equal(snapshot.Alarms[0].RankedFeatures[0].Feature, back.Alarms[0].RankedFeatures[0].Feature);
        Assert.Throws<FormatException>(() => DriftSnapshot.FromJson("{\"formatVersion\": 2}"));
        Assert.Throws<FormatException>(() => DriftSnapshot.FromJson("[1, 2]"));
    }

    [Fact]
    public void MergedHalvesEqualTheWhole()
    {
        using var whole = new DriftMonitor(Baseline, new DriftMonitorOptions { Shards = 1 });
        using var first = new DriftMonitor(Baseline, new DriftMonitorOptions { Shards = 1 });
        using var second = new DriftMonitor(Baseline, new DriftMonitorOptions { Shards = 1 });
        Feed(whole, 5, 4_000, 0.2);
        Feed(whole, 6, 4_000, 0.2);
        Feed(first, 5, 4_000, 0.2);
        Feed(second, 6, 4_000, 0.2);

        var merged = DriftSnapshot.Merge([first.Snapshot(), second.Snapshot()]);
        var expected = whole.Snapshot();

        Assert.Equal(2, merged.Replicas);
        Assert.Equal(expected.Rows, merged.Rows);
        for (var f = 0; f < expected.Features.Count; f++)
        {
            var e = expected.Features[f];
            var m = merged.Features[f];
            Assert.Equal(e.Count, m.Count);
            Assert.Equal(e.Missing, m.Missing);
            Assert.Equal(e.OutOfRange, m.OutOfRange);
            Assert.Equal(e.BinCounts, m.BinCounts);
            Assert.Equal(e.Mean, m.Mean, 9);
            Assert.Equal(e.Variance, m.Variance, 9);
            // Recent frequencies are EWMA states averaged by count: close to the whole stream's, not equal.
            for (var b = 0; b < e.RecentFrequencies.Count; b++)
            {
                Assert.InRange(m.RecentFrequencies[b] - e.RecentFrequencies[b], -0.1, 0.1);
            }
        }
    }

    [Fact]
    public void MergedQuantileSketchesMatchTheWholeWithinTheirErrorBound()
    {
        var normal = new Streams.Normal(41);
        var whole = new QuantileSketch(k: 256);
        var a = new QuantileSketch(k: 256, seed: 1);
        var b = new QuantileSketch(k: 256, seed: 2);
        var values = Enumerable.Range(0, 200_000).Select(_ => normal.Next()).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i < values.Length / 2 ? a : b).Add(values[i]);
        }

        a.Merge(QuantileSketch.FromState(b.ToState()));
        Assert.Equal(whole.Count, a.Count);
        Assert.Equal(whole.Min, a.Min);
        Assert.Equal(whole.Max, a.Max);
        Array.Sort(values);
        foreach (var q in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
        {
            // Rank error: the fraction of values at or below the estimate is within 1% of q for both sketches.
            Assert.InRange(RankOf(values, a.Quantile(q)) - q, -0.01, 0.01);
            Assert.InRange(RankOf(values, whole.Quantile(q)) - q, -0.01, 0.01);
        }

        static double RankOf(double[] sorted, double v)
        {
            var i = Array.BinarySearch(sorted, v);
            return (i < 0 ? ~i : i + 1) / (double)sorted.Length;
        }
    }

    [Fact]
    public void BaselineRoundTripsThroughTheManifest()
    {
        var options = new ModelPackageOptions { Name = "m", Version = "1.0.0" };
        Baseline.AddTo(options);
        var manifest = new ModelManifest { Name = "m", Version = "1.0.0", Monitoring = new Dictionary<string, System.Text.Json.JsonElement>(options.Monitoring) };
        var json = System.Text.Json.JsonSerializer.Serialize(manifest, ModelPackage.JsonOptions);
        var back = MonitoringBaseline.FromManifest(System.Text.Json.JsonSerializer.Deserialize<ModelManifest>(json, ModelPackage.JsonOptions)!)!;

        Assert.Equal(Baseline.RowCount, back.RowCount);
        Assert.Equal(Baseline.Features[0].GridX, back.Features[0].GridX);
        Assert.Equal(Baseline.Score!.Mean, back.Score!.Mean);
        Assert.Equal(Baseline.Features[0].Sketch!.Count, back.Features[0].Sketch!.Count);
        Assert.Null(MonitoringBaseline.FromManifest(new ModelManifest()));
    }
}
