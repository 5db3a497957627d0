using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>
/// The row-wise detector lanes (a row's numeric columns stepped together at its end, across columns in vector lanes)
/// compute exactly what the per-column kernel does (<c>DetectorState.Step</c> on the grid's normal score, the kernel
/// the calibration runs): same statistics to the bit, same alarms at the same observations, same counts.
/// </summary>
public sealed class LanesTests
{
    [Theory]
    [InlineData(true, 500, 6)]
    [InlineData(false, 500, 6)]
    [InlineData(true, 20_000, 6)] // columns run over 11,400 observations without an alarm: the EWMA renormalizes
    [InlineData(true, 500, 300)] // past 256 slots (64 blocks) the AVX2 flush visits every block with the masked update
    public void RowWiseLanesMatchThePerColumnKernelBitForBit(bool avx2, double arl0, int numeric)
    {
        // Both paths give the same bits, so switching the process-wide flag cannot disturb tests running alongside.
        var saved = DetectorLanes.UseAvx2;
        DetectorLanes.UseAvx2 = avx2 && saved;
        try
        {
            Compare(arl0, numeric);
        }
        finally
        {
            DetectorLanes.UseAvx2 = saved;
        }
    }

    private static void Compare(double arl0, int numeric)
    {
        // Six numeric columns (one full block of 4 lanes and a partial one), a log-normal one among them (the table's
        // slow path past a grid point inside a bucket), a categorical column between them (slot ≠ column index) and the
        // score. A low ARL0 and injected shifts give many alarms, each resetting its column.
        var builder = new BaselineBuilder();
        for (var f = 0; f < numeric; f++)
        {
            builder.AddNumeric("x" + f);
            if (f == 2)
            {
                builder.AddCategorical("city");
            }
        }

        // The wide case runs fewer rows (it has 50 times the columns): the shifts (rows 10,000 and 20,000) do not come, the false alarms of ARL0 500 do.
        var baselineRows = numeric > 6 ? 2_000 : 20_000;
        var rows = numeric > 6 ? 6_000 : 30_000;
        var normal = new Streams.Normal(41);
        for (var r = 0; r < baselineRows; r++)
        {
            for (var f = 0; f < numeric; f++)
            {
                var x = normal.Next();
                builder.Add(f < 3 ? f : f + 1, f == 4 ? Math.Exp(x) : x);
            }

            builder.Add(3, "c" + (r % 5));
            builder.AddScore(normal.Next());
            builder.EndRow();
        }

        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 1, Arl0 = arl0 });
        var features = monitor.FeatureNames.Count; // the numeric columns + city + score
        Assert.Equal(numeric + 2, features);
        var reference = monitor.Columns.Select(c => new DetectorState(c.Numeric)).ToArray();
        var expected = new List<(long Row, string Feature, DriftDetector Detector, string Direction)>();
        var actual = new List<(long Row, string Feature, DriftDetector Detector, string Direction)>();
        long row = 0;
        monitor.AlarmRaised += (_, a) => actual.Add((row, a.Feature, a.Detector, a.Direction));
        var rowAlarms = new List<(long, string, DriftDetector, string)>();

        void Reference(int feature, double x)
        {
            var state = reference[feature];
            if (double.IsNaN(x))
            {
                state.Missing++;
                return;
            }

            var column = monitor.Columns[feature];
            var p = column.Numeric;
            var z = column.ToScore(x, ref state.OutOfRange);
            var detector = state.Step(p, z, DetectorParameters.NumericBin(z));
            if (detector >= 0)
            {
                var kind = detector < p.MeanCount ? DriftDetector.Mean : detector < p.CusumCount ? DriftDetector.Variance : DriftDetector.Shape;
                var direction = kind == DriftDetector.Shape ? string.Empty : kind == DriftDetector.Mean ? (detector % 2 == 0 ? "up" : "down") : detector == p.MeanCount ? "up" : "down";
                rowAlarms.Add((row, column.Baseline.Name, kind, direction));
                state.Reset(p);
            }
        }

        var random = new Random(5);
        for (row = 1; row <= rows; row++)
        {
            rowAlarms.Clear();
            using (var r = monitor.BeginRow())
            {
                for (var f = 0; f < features; f++)
                {
                    if (f == 3)
                    {
                        r.Categorical(3, "c" + (row % 5));
                        continue;
                    }

                    var u = random.NextDouble();
                    if (u < 0.05)
                    {
                        continue; // the column is absent from this row
                    }

                    var x = u < 0.08 ? double.NaN : normal.Next();
                    x += f == 1 && row > 10_000 ? 0.5 : 0;   // a mean shift in x1
                    x *= f == 4 && row > 20_000 ? 1.5 : 1;   // a scale change in x3
                    x = f == 5 ? Math.Exp(x) : x;            // x4 is log-normal
                    if (f == features - 1)
                    {
                        r.Score(x);
                    }
                    else
                    {
                        r.Numeric(f, x);
                    }

                    Reference(f, x);
                    if (f == 0 && u > 0.97)
                    {
                        // Twice in one row: the row so far is stepped first, so both values count.
                        var again = normal.Next();
                        r.Numeric(0, again);
                        Reference(0, again);
                    }
                }
            }

            // Within a row the lanes raise alarms in column order, after the row's categorical alarms.
            expected.AddRange(rowAlarms.OrderBy(a => a.Item2 == "city" ? -1 : monitor.IndexOf(a.Item2)));
        }

        Assert.True(expected.Count > (arl0 < 1_000 ? 100 : 0), $"only {expected.Count} alarms");
        Assert.Contains(expected, a => a.Feature == "x1" && a.Detector == DriftDetector.Mean);
        Assert.Equal(expected, actual);
        var statistics = monitor.CurrentStatistics();
        var counts = monitor.IntegrityCounts();
        var snapshot = monitor.Snapshot();
        for (var f = 0; f < features; f++)
        {
            if (f == 3)
            {
                continue;
            }

            var state = reference[f];
            Assert.Equal(state.Normalized(monitor.Columns[f].Numeric), statistics[f]);
            Assert.Equal((state.Count, state.Missing, state.OutOfRange, 0L), counts[f]);
            Assert.Equal(state.BinCounts, snapshot.Features[f].BinCounts);
        }
    }

    [Fact]
    public void TheScoreTableGivesTheGridScoreExactly()
    {
        // Skewed and bounded columns, values everywhere: in the core, near every grid point, in the tails and beyond.
        var builder = new BaselineBuilder();
        builder.AddNumeric("lognormal");
        builder.AddNumeric("uniform");
        builder.AddNumeric("constant");
        var normal = new Streams.Normal(3);
        for (var i = 0; i < 5_000; i++)
        {
            builder.Add(0, Math.Exp(2 * normal.Next()));
            builder.Add(1, normal.Uniform());
            builder.Add(2, 7);
            builder.EndRow();
        }

        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 1, Arl0 = 500 });
        var table = monitor.Shards[0].Numeric.Table!;
        var random = new Random(8);
        for (var f = 0; f < 3; f++)
        {
            var column = monitor.Columns[f];
            var probes = column.GridX.SelectMany(g => new[] { g, Math.BitDecrement(g), Math.BitIncrement(g) })
                .Concat(Enumerable.Range(0, 20_000).Select(_ => column.Min - 1 + (column.Max - column.Min + 2) * random.NextDouble()))
                .Concat([double.NegativeInfinity, double.PositiveInfinity, 0, 7, -1e300, 1e300]);
            foreach (var x in probes)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(column.GridScore(x)), BitConverter.DoubleToInt64Bits(table.Score(f, x)));
            }
        }
    }

    [Fact]
    public void AColumnObservedWithTheWrongKindThrowsAndTheRowStillCompletes()
    {
        var builder = new BaselineBuilder();
        builder.AddNumeric("x");
        builder.AddCategorical("city");
        var normal = new Streams.Normal(2);
        for (var i = 0; i < 1_000; i++)
        {
            builder.Add(0, normal.Next());
            builder.Add(1, "c" + (i % 3));
            builder.EndRow();
        }

        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 1, Arl0 = 500 });
        using (var row = monitor.BeginRow())
        {
            row.Numeric(0, 1.5);
        }

        var thrown = 0;
        for (var i = 0; i < 2; i++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, 0.5);
            try
            {
                if (i == 0)
                {
                    row.Numeric(1, 3.0);
                }
                else
                {
                    row.Categorical(0, "c1");
                }
            }
            catch (InvalidOperationException)
            {
                thrown++;
            }
        }

        Assert.Equal(2, thrown);
        // The rows completed (the shard was released) and their numeric values counted.
        Assert.Equal(3, monitor.Rows);
        Assert.Equal(3, monitor.IntegrityCounts()[0].Count);
        Assert.Equal(0, monitor.IntegrityCounts()[1].Count);
    }
}
