using System.Diagnostics.Metrics;
using Microsoft.ML;
using MlCodeGuard.Runtime.Monitoring;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

public sealed class ApartmentInput
{
    public float Size { get; set; }

    public float Age { get; set; }

    public float Floor { get; set; }

    public string City { get; set; } = "";

    public float Label { get; set; }
}

public sealed class ApartmentPrediction
{
    public float Score { get; set; }
}

/// <summary>
/// End to end on a real ML.NET model: the baseline is recorded in the package at training time, the host serves with
/// a drift observer, a drift injected into one input column raises an alarm that names it; metrics, the importance of
/// a linear model and of a tree ensemble, and the deployment record (load, reload, rollback, refused reload, alarm).
/// </summary>
public sealed class ServingTests : IDisposable
{
    private static readonly string[] Cities = ["Paris", "Lyon", "Nice"];
    private readonly string _directory = Directory.CreateTempSubdirectory("mlguard-serving-").FullName;
    private readonly MLContext _context = new(seed: 1);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ApartmentInput Row(Streams.Normal normal, int i, double sizeShift = 0) => new()
    {
        // Sizes in 100 m², ages in decades: unit scales, so SDCA converges without a normalizer (whose rescaling would
        // make the weights not raw-unit).
        Size = (float)(0.6 + 0.15 * normal.Next() + sizeShift),
        Age = (float)(2 + 0.8 * normal.Next()),
        Floor = (float)Math.Abs(0.3 * normal.Next()),
        City = Cities[i % 3],
    };

    private (ITransformer Model, IDataView Data) Train(bool trees = false)
    {
        var normal = new Streams.Normal(80);
        var rows = Enumerable.Range(0, 3_000).Select(i =>
        {
            var r = Row(normal, i);
            r.Label = 3 * r.Size - 0.5f * r.Age + r.Floor + 0.05f * (float)normal.Next();
            return r;
        }).ToArray();
        var data = _context.Data.LoadFromEnumerable(rows);
        var features = _context.Transforms.Concatenate("Features", "Size", "Age", "Floor");
        ITransformer model = trees
            ? features.Append(_context.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 30)).Fit(data)
            : features.Append(_context.Regression.Trainers.Sdca(maximumNumberOfIterations: 200)).Fit(data);
        return (model, data);
    }

    private string Save(ITransformer model, IDataView data, string version, string file = "apartment.zip")
    {
        var options = new ModelPackageOptions { Name = "apartment", Version = version, TrainingData = data };
        BaselineBuilder.FromDataView(data, model, columns: ["Size", "Age", "Floor", "City"]).AddTo(options);
        var path = Path.Combine(_directory, file);
        ModelPackage.Save(_context, model, data.Schema, path, options);
        return path;
    }

    [Fact]
    public void ServedModelWithMonitoringNamesTheDriftedColumn()
    {
        var (model, data) = Train();
        var path = Save(model, data, "1.0.0");

        var manifest = ModelPackage.ReadEmbeddedManifest(path);
        var baseline = MonitoringBaseline.FromManifest(manifest)!;
        Assert.Equal(["Size", "Age", "Floor", "City"], baseline.Features.Select(f => f.Name));
        Assert.Equal(FeatureKind.Categorical, baseline.Features[3].Kind);
        Assert.Equal(3_000, baseline.Score!.Count);
        Assert.InRange(baseline.Features[0].Mean, 0.58, 0.62);

        using var monitor = DriftMonitor.FromManifest(manifest, new DriftMonitorOptions
        {
            Shards = 1,
            Importance = FeatureImportanceSources.FromModel(model, data.Schema),
        });
        var options = new ModelHostOptions<ApartmentInput, ApartmentPrediction>();
        options.Observers.Add(DriftObserver<ApartmentInput, ApartmentPrediction>.ForMembers(monitor));
        using var host = ModelHost<ApartmentInput, ApartmentPrediction>.Start(path, options);
        var record = new DeploymentRecord();
        record.Attach(host);
        monitor.Deployment = record;

        var normal = new Streams.Normal(81);
        DriftAlarm? alarm = null;
        var n = 0;
        monitor.AlarmRaised += (_, a) => alarm ??= n > 1_500 ? a : null;
        var output = new ApartmentPrediction();
        for (n = 1; n <= 6_000 && alarm is null; n++)
        {
            // From row 1,500 on the apartments are 10 m² larger (+0.67σ).
            var input = Row(normal, n, n > 1_500 ? 0.1 : 0);
            host.Predict(in input, ref output);
        }

        Assert.NotNull(alarm);
        Assert.Equal("apartment", monitor.ModelName);
        Assert.Contains(alarm!.Feature, new[] { "Size", "Score" });
        Assert.Equal("Size", alarm.RankedFeatures[0].Feature);
        Assert.Equal("Size", alarm.Contributions[0].Feature);
        // SDCA's weights are in raw units (only Concatenate before it): Size's contribution is its weight × its mean
        // shift, and the parts add up to the score change.
        var weight = ((Microsoft.ML.Data.RegressionPredictionTransformer<Microsoft.ML.Trainers.LinearRegressionModelParameters>)((Microsoft.ML.Data.TransformerChain<Microsoft.ML.Data.RegressionPredictionTransformer<Microsoft.ML.Trainers.LinearRegressionModelParameters>>)model).LastTransformer).Model.Weights[0];
        Assert.Equal(weight, alarm.Contributions[0].Contribution / (alarm.RankedFeatures[0].MeanShift * Math.Sqrt(baseline.Features[0].Variance)), 3);
        Assert.InRange(alarm.Contributions.Sum(c => c.Contribution) - alarm.ScoreChange!.Value, -0.05, 0.05);
        Assert.Equal(n - 1, monitor.Rows);
        Assert.Contains(record.Events, e => e.Kind == DeploymentEventKind.Alarm);
    }

    [Fact]
    public void TreeEnsembleImportanceIsItsGainPerColumn()
    {
        var (model, data) = Train(trees: true);
        var importance = FeatureImportanceSources.FromModel(model, data.Schema).Resolve(["Size", "Age", "Floor", "City"]);

        Assert.Null(importance.LinearWeights);
        Assert.True(importance.Importance[0] > importance.Importance[1] && importance.Importance[1] > 0, string.Join(", ", importance.Importance));
        Assert.Equal(0, importance.Importance[3]); // not a feature of the model
    }

    [Fact]
    public void DeploymentRecordSeesReloadRollbackAndRefusal()
    {
        var (model, data) = Train();
        var v1 = Save(model, data, "1.0.0", "v1.zip");
        var v2 = Save(model, data, "1.1.0", "v2.zip");
        var served = Path.Combine(_directory, "served.zip");
        File.Copy(v2, served);
        File.Copy(ModelPackage.GetSidecarPath(v2), ModelPackage.GetSidecarPath(served));

        using var host = ModelHost<ApartmentInput, ApartmentPrediction>.Start(served);
        var record = new DeploymentRecord();
        record.Attach(host);
        host.Swap(ModelLoader.Load<ApartmentInput, ApartmentPrediction>(v1));   // 1.1.0 -> 1.0.0
        host.Swap(ModelLoader.Load<ApartmentInput, ApartmentPrediction>(v2));   // 1.0.0 -> 1.1.0
        File.WriteAllText(served, "not a zip");
        Assert.False(host.Reload().Succeeded);

        Assert.Equal(
            [DeploymentEventKind.Load, DeploymentEventKind.Rollback, DeploymentEventKind.Reload, DeploymentEventKind.ReloadFailed],
            record.Events.Select(e => e.Kind));
        Assert.Equal(["1.1.0", "1.0.0", "1.1.0", "1.1.0"], record.Events.Select(e => e.Version));
        var summary = record.Summarize();
        Assert.Equal(3, summary.Deployments);
        Assert.Equal(1, summary.Rollbacks);
        Assert.Equal(1, summary.FailedReloads);
        Assert.NotNull(summary.MedianLeadTime);
        Assert.True(summary.MedianLeadTime!.Value >= TimeSpan.Zero);
    }

    [Fact]
    public void MonitoringMetricsAreExportedThroughTheRuntimeMeter()
    {
        var baseline = Streams.NormalBaseline(2, rows: 5_000);
        using var monitor = new DriftMonitor(baseline, new DriftMonitorOptions { Shards = 1, ModelName = "metrics-test-" + Guid.NewGuid().ToString("N") });
        var gauges = new Dictionary<string, double>();
        var counters = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName && instrument.Name.StartsWith("mlguard.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        string Key(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var model = "";
            var rest = new List<string>();
            foreach (var t in tags)
            {
                if (t.Key == RuntimeTelemetry.ModelTag)
                {
                    model = (string)t.Value!;
                }
                else
                {
                    rest.Add(t.Key + "=" + t.Value);
                }
            }

            return model == monitor.ModelName ? name + "|" + string.Join(",", rest) : "";
        }

        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => { if (Key(instrument.Name, tags) is { Length: > 0 } k) gauges[k] = value; });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => { if (Key(instrument.Name, tags) is { Length: > 0 } k) counters[k] = counters.GetValueOrDefault(k) + value; });
        listener.Start();

        var normal = new Streams.Normal(90);
        for (var i = 0; i < 3_000; i++)
        {
            using var row = monitor.BeginRow();
            row.Numeric(0, normal.Next() + (i > 1_000 ? 2 : 0));
            row.Numeric(1, i % 4 == 0 ? double.NaN : normal.Next());
        }

        listener.RecordObservableInstruments();

        Assert.True(counters.GetValueOrDefault("mlguard.drift.alarms|feature=x0,detector=mean") > 0, string.Join("; ", counters));
        Assert.Equal(750, counters["mlguard.data.missing|feature=x1"]);
        Assert.Equal(3_000, counters["mlguard.monitor.observations|"]);
        Assert.True(gauges.ContainsKey("mlguard.drift.statistic|feature=x1,detector=shape"));
        Assert.InRange(gauges["mlguard.drift.statistic|feature=x1,detector=mean"], 0, 1);
    }
}
