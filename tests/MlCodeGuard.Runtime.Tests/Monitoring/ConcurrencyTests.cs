using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>16 threads feeding one monitor: every count is exact.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void SixteenThreadsFeedingOneMonitorLoseNothing()
    {
        var baseline = Streams.NormalBaseline(3, rows: 5_000, score: true);
        using var monitor = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 4, HistoryEvery = 100 });
        const int threads = 16;
        const int rowsPerThread = 20_000;
        var alarms = 0;
        monitor.AlarmRaised += (_, _) => Interlocked.Increment(ref alarms);
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var normal = new Streams.Normal(100 + t);
            start.SignalAndWait();
            for (var i = 0; i < rowsPerThread; i++)
            {
                using var row = monitor.BeginRow();
                // Every 10th value of x1 is missing; x2 drifts in half of the threads (alarms under contention).
                row.Numeric(0, normal.Next());
                row.Numeric(1, i % 10 == 0 ? double.NaN : normal.Next());
                row.Numeric(2, normal.Next() + (t % 2 == 0 ? 1 : 0));
                row.Score(normal.Next());
            }
        })).ToArray();
        foreach (var w in workers)
        {
            w.Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        const long total = threads * (long)rowsPerThread;
        Assert.Equal(total, monitor.Rows);
        var counts = monitor.IntegrityCounts();
        Assert.Equal(total, counts[0].Count);
        Assert.Equal(total / 10, counts[1].Missing);
        Assert.Equal(total - total / 10, counts[1].Count);
        Assert.Equal(total, counts[3].Count);

        var snapshot = monitor.Snapshot();
        Assert.Equal(total, snapshot.Rows);
        Assert.All(snapshot.Features, f => Assert.Equal(f.Count, f.BinCounts.Sum()));
        Assert.True(snapshot.Features[2].Alarms > 0);
        Assert.Equal(snapshot.Features.Sum(f => f.Alarms), alarms);
    }

    [Fact]
    public void DetectorStateFitsInFourKibPerFeaturePerShard()
    {
        var baseline = Streams.NormalBaseline(1, rows: 1_000);
        var categorical = new BaselineBuilder(maxCategories: 64);
        categorical.AddCategorical("c");
        for (var i = 0; i < 1_000; i++)
        {
            categorical.Add(0, "k" + (i % 100));
        }

        using var numeric = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1 });
        using var wide = new DriftMonitor(categorical.Build(), new DriftMonitorOptions { Shards = 1 });
        Assert.InRange(numeric.StateBytes(0), 1, 4096);
        Assert.InRange(wide.StateBytes(0), 1, 4096);

        // Measured, not only computed: 64 more shards of one numeric column allocate at most 4 KiB each (shard object
        // and history ring included).
        _ = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1 }); // warm: calibration cache, JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var one = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1, HistoryCapacity = 1 });
        var oneShard = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        using var many = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 65, HistoryCapacity = 1 });
        var manyShards = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange((manyShards - oneShard) / 64.0, 1, 4096);
    }

    [Fact]
    public void ObservingAllocatesNothing()
    {
        var baseline = Streams.NormalBaseline(4, rows: 20_000, score: true);
        using var monitor = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 2, HistoryEvery = 500 });
        // Independent values per column: a column fed a shifted copy of another would be autocorrelated (the score,
        // a sum of consecutive values, would be a moving average), which the detectors rightly treat as drift.
        var values = new double[5 * 4096];
        var normal = new Streams.Normal(9);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = normal.Next();
        }

        void Feed(int rows)
        {
            for (var i = 0; i < rows; i++)
            {
                using var row = monitor.BeginRow();
                var k = i & 4095;
                row.Numeric(0, values[k]);
                row.Numeric(1, values[4096 + k]);
                row.Numeric(2, values[8192 + k]);
                row.Numeric(3, values[12288 + k]);
                row.Score(values[k] + values[4096 + k] + values[8192 + k] + values[12288 + k]);
            }
        }

        Feed(1_000);
        var alarmsBefore = monitor.Alarms.Count;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(2_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(alarmsBefore, monitor.Alarms.Count); // an alarm allocates its record; this stream raises none
        Assert.Equal(0, allocated);
    }
}
