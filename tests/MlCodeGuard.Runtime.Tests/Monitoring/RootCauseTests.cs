using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>Alarms name the column that moved, ranked by drift × importance, and split the score change.</summary>
public sealed class RootCauseTests
{
    private static readonly MonitoringBaseline Baseline = Streams.NormalBaseline(10, rows: 20_000, score: true);

    [Theory]
    [InlineData(3, 0.75)]
    [InlineData(8, -1.0)]
    public void AShiftInOneOfTenFeaturesIsRankedFirst(int drifted, double shift)
    {
        // The score is the sum of the features (a linear model with weights 1), so its change is the drifted feature's shift.
        var weights = Enumerable.Range(0, 10).ToDictionary(f => "x" + f, _ => 1.0);
        using var monitor = new DriftMonitor(Baseline, new DriftMonitorOptions
        {
            Shards = 1,
            Importance = FeatureImportanceSources.FromWeights(weights, linear: true),
        });
        var normal = new Streams.Normal(50 + drifted);
        DriftAlarm? alarm = null;
        var n = 0;
        // Eleven columns at ARL0 20,000 each: a false alarm every ~1,800 rows is expected before the change.
        monitor.AlarmRaised += (_, a) => alarm ??= n > 2_000 ? a : null;
        var x = new double[10];
        for (n = 1; n <= 50_000 && alarm is null; n++)
        {
            using var row = monitor.BeginRow();
            double sum = 0;
            for (var f = 0; f < 10; f++)
            {
                x[f] = normal.Next() + (n > 2_000 && f == drifted ? shift : 0);
                sum += x[f];
                row.Numeric(f, x[f]);
            }

            row.Score(sum);
        }

        Assert.NotNull(alarm);
        var top = alarm!.RankedFeatures[0];
        Assert.Equal("x" + drifted, top.Feature);
        Assert.True(top.Score > alarm.RankedFeatures[1].Score, string.Join(", ", alarm.RankedFeatures.Select(r => $"{r.Feature}={r.Score:0.00}")));
        Assert.Equal(Math.Sign(shift), Math.Sign(top.MeanShift));
        Assert.Equal("x" + drifted, alarm.Contributions[0].Feature);
        Assert.Equal(Math.Sign(shift), Math.Sign(alarm.Contributions[0].Contribution));
        // Exact for a linear score: the contributions add up to the change of the recent mean score, both EWMAs.
        Assert.Equal(alarm.ScoreChange!.Value, alarm.Contributions.Sum(c => c.Contribution), 6);
    }

    [Fact]
    public void AScoreAlarmAfterTheInputAlarmStillRanksTheDriftedInputFirst()
    {
        // A lasting shift in x4 raises an alarm on x4 first (its CUSUMs reset), then on the score, which moves with it:
        // the score's alarms must still name x4, not whichever other input is noisiest at that moment.
        var weights = Enumerable.Range(0, 10).ToDictionary(f => "x" + f, _ => 1.0);
        using var monitor = new DriftMonitor(Baseline, new DriftMonitorOptions
        {
            Shards = 1,
            Importance = FeatureImportanceSources.FromWeights(weights, linear: true),
        });
        var normal = new Streams.Normal(77);
        var alarms = new List<DriftAlarm>();
        var n = 0;
        monitor.AlarmRaised += (_, a) =>
        {
            if (n > 2_000)
            {
                alarms.Add(a);
            }
        };
        var x = new double[10];
        for (n = 1; n <= 6_000; n++)
        {
            using var row = monitor.BeginRow();
            double sum = 0;
            for (var f = 0; f < 10; f++)
            {
                x[f] = normal.Next() + (n > 2_000 && f == 4 ? 1.0 : 0);
                sum += x[f];
                row.Numeric(f, x[f]);
            }

            row.Score(sum);
        }

        var inputs = alarms.Where(a => a.Feature.StartsWith('x')).ToList();
        var onScore = alarms.Where(a => !a.Feature.StartsWith('x')).ToList();
        Assert.NotEmpty(onScore);
        Assert.Contains(inputs, a => a.Feature == "x4");
        Assert.All(onScore, a => Assert.True(a.RankedFeatures[0].Feature == "x4",
            string.Join(", ", a.RankedFeatures.Select(r => $"{r.Feature}={r.Score:0.00}"))));
    }

    [Fact]
    public void ImportanceOutranksAWeakerDriftInAnUnimportantFeature()
    {
        var builder = new BaselineBuilder();
        builder.AddNumeric("important");
        builder.AddNumeric("ignored");
        var normal = new Streams.Normal(60);
        for (var i = 0; i < 20_000; i++)
        {
            builder.Add(0, normal.Next());
            builder.Add(1, normal.Next());
        }

        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions
        {
            Shards = 1,
            Importance = FeatureImportanceSources.FromWeights(new Dictionary<string, double> { ["important"] = 10, ["ignored"] = 0.01 }),
        });
        DriftAlarm? alarm = null;
        var n = 0;
        monitor.AlarmRaised += (_, a) => alarm ??= n > 1_000 ? a : null;
        for (n = 1; n <= 50_000 && alarm is null; n++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, normal.Next() + (n > 1_000 ? 0.5 : 0));
            row.Numeric(1, normal.Next() + (n > 1_000 ? 1.5 : 0));
        }

        Assert.NotNull(alarm);
        Assert.Equal("ignored", alarm!.Feature); // the big drift fires first…
        Assert.Equal("important", alarm.RankedFeatures[0].Feature); // …but the drift that matters to the model ranks first
    }
}
