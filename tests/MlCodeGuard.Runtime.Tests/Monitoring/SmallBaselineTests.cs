using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>
/// Baselines of a few hundred training rows, as a small model's are: a bounded column's tails, and a discrete column
/// summarized as categories and observed through <see cref="DriftObserver{TIn, TOut}.ForMembers"/>.
/// </summary>
public sealed class SmallBaselineTests
{
    [Fact]
    public void A_bounded_column_resampled_from_its_200_baseline_rows_alarms_about_as_often_as_Arl0_says()
    {
        // 200 values uniform on [0.3, 12.2]: the grid's core stops at ±1.5, the tails continue to the extremes.
        var random = new Random(5);
        var values = Enumerable.Range(0, 200).Select(_ => 0.3 + (11.9 * random.NextDouble())).ToArray();
        var builder = new BaselineBuilder();
        builder.AddNumeric("Distance");
        foreach (var v in values)
        {
            builder.Add(0, v);
            builder.EndRow();
        }

        var baseline = builder.Build();
        var feature = baseline.Features[0];
        Assert.Equal(values.Min(), feature.GridX[0]);
        Assert.Equal(values.Max(), feature.GridX[^1]);
        Assert.Equal(-feature.GridZ[0], feature.GridZ[^1], 9);
        Assert.InRange(feature.GridZ[^1], 2.8, 2.82); // Φ⁻¹(1 − 0.5 / 200)
        Assert.True(feature.GridX.Zip(feature.GridX.Skip(1)).All(p => p.First <= p.Second));

        using var monitor = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1, Arl0 = 20_000 });
        var draw = new Random(6);
        for (var i = 0; i < 60_000; i++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, values[draw.Next(values.Length)]);
        }

        // About 3 expected at ARL0 20,000; the core grid alone (extending its last slope) raised one every ~1,150 rows.
        Assert.InRange(monitor.Snapshot().Features[0].Alarms, 0, 10);
    }

    [Fact]
    public void A_discrete_numeric_member_is_observed_as_the_category_the_baseline_recorded()
    {
        var builder = new BaselineBuilder();
        var passengers = builder.AddCategorical("Passengers");
        foreach (var (count, rows) in new[] { (1, 50), (2, 30), (3, 20) })
        {
            for (var i = 0; i < rows; i++)
            {
                builder.Add(passengers, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                builder.EndRow();
            }
        }

        using var monitor = new DriftMonitor(builder.Build(), new DriftMonitorOptions { Shards = 1 });
        var observer = DriftObserver<Trip, Fare>.ForMembers(monitor);
        var random = new Random(3);
        var fare = new Fare();
        for (var i = 0; i < 1_000; i++)
        {
            var u = random.NextDouble();
            observer.OnPrediction(new Trip { Passengers = u < 0.5 ? 1 : u < 0.8 ? 2 : 3 }, fare);
        }

        observer.OnPrediction(new Trip { Passengers = 7 }, fare);
        observer.OnPrediction(new Trip { Passengers = float.NaN }, fare);

        var column = monitor.Snapshot().Features[0];
        Assert.Equal(FeatureKind.Categorical, column.Kind);
        Assert.Equal(["1", "2", "3", "(other)"], column.Bins);
        Assert.Equal(1_001, column.BinCounts.Sum());
        Assert.Equal(1, column.BinCounts[3]);
        Assert.Equal(1, column.Unseen);
        Assert.Equal(1, column.Missing);
        Assert.Equal(0, column.Alarms);
    }

    public sealed class Trip
    {
        public float Passengers { get; set; }
    }

    public sealed class Fare
    {
        public float Score { get; set; }
    }
}
