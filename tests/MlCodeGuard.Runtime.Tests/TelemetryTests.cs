using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlCodeGuard.Runtime.Tests;

// MeterListener callbacks run on the predicting thread: the allocation test must not run beside a listening test.
[Collection(ListenerCollection.Name)]
public sealed class TelemetryTests : IClassFixture<ModelFixture>
{
    private readonly ModelFixture _fixture;

    public TelemetryTests(ModelFixture fixture) => _fixture = fixture;

    private sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    [Fact]
    public void A_MeterListener_sees_counters_histogram_and_gauge_with_model_and_version_tags()
    {
        // A model name of its own: other test classes run in parallel and measure through the same static Meter.
        var name = "telemetry-" + Guid.NewGuid().ToString("N");
        var v1 = _fixture.Save(_fixture.ModelA, _fixture.TrainingData, name, "1.0.0", name + "-a");
        var v2 = _fixture.Save(_fixture.ModelB, _fixture.TrainingDataB, name, "2.0.0", name + "-b");
        var path = _fixture.Copy(v1);

        var recorded = new ConcurrentQueue<Recorded>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (map.TryGetValue(RuntimeTelemetry.ModelTag, out var model) && Equals(model, name))
            {
                recorded.Enqueue(new Recorded(instrument.Name, value, map));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        using (var host = ModelHost<HouseInput, HousePrediction>.Start(path, new() { DurationSampleEvery = 1 }))
        {
            for (var i = 0; i < 10; i++)
            {
                host.Predict(ModelFixture.Sample);
            }

            ModelFixture.CopyInto(v2, path);
            Assert.True(host.Reload().Succeeded);
            var output = new HousePrediction();
            host.Predict(ModelFixture.Sample, ref output);

            var bytes = File.ReadAllBytes(path);
            bytes[^10] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            Assert.False(host.Reload().Succeeded);

            listener.RecordObservableInstruments();
        }

        listener.RecordObservableInstruments();
        var all = recorded.ToArray();
        IEnumerable<Recorded> Of(string instrument) => all.Where(r => r.Instrument == instrument);

        Assert.Equal(10, Of(RuntimeTelemetry.Predictions).Where(r => Equals(r.Tags["version"], "1.0.0")).Sum(r => r.Value));
        Assert.Equal(1, Of(RuntimeTelemetry.Predictions).Where(r => Equals(r.Tags["version"], "2.0.0")).Sum(r => r.Value));

        var durations = Of(RuntimeTelemetry.PredictionDuration).ToArray();
        Assert.Equal(11, durations.Length);
        Assert.All(durations, d => Assert.True(d.Value > 0));

        Assert.Collection(Of(RuntimeTelemetry.ModelLoads),
            r => Assert.Equal(("1.0.0", "startup"), (r.Tags["version"], r.Tags["trigger"])),
            r => Assert.Equal(("2.0.0", "manual"), (r.Tags["version"], r.Tags["trigger"])));
        Assert.Equal(new[] { "succeeded", "failed" }, Of(RuntimeTelemetry.ModelReloads).Select(r => r.Tags["result"]));
        var failure = Assert.Single(Of(RuntimeTelemetry.ModelLoadFailures));
        Assert.Equal(("hash", "manual", 1.0), (failure.Tags["reason"], failure.Tags["trigger"], failure.Value));

        // The gauge was observed once while serving (generation 2, version 2.0.0) and not after the host was disposed.
        var gauge = Assert.Single(Of(RuntimeTelemetry.ModelVersion));
        Assert.Equal((2.0, "2.0.0"), (gauge.Value, gauge.Tags["version"]));
    }

    [Fact]
    public void Start_up_failures_are_counted_with_their_reason()
    {
        var name = "failing-" + Guid.NewGuid().ToString("N");
        var failures = new ConcurrentQueue<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName && instrument.Name == RuntimeTelemetry.ModelLoadFailures)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(map[RuntimeTelemetry.ModelTag], name))
            {
                failures.Enqueue(map["reason"] as string);
            }
        });
        listener.Start();

        Assert.Throws<ModelVerificationException>(() =>
            ModelHost<HouseInput, HousePrediction>.Start(Path.Combine(_fixture.Directory, "nothing-here.zip"), new() { ExpectedName = name }));

        Assert.Equal(new[] { "missing" }, failures);
    }

    [Fact]
    public void An_ActivityListener_sees_load_and_reload_activities()
    {
        var path = _fixture.Copy(_fixture.PathA);
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using (var host = ModelHost<HouseInput, HousePrediction>.Start(path))
        {
            host.Predict(ModelFixture.Sample);
            ModelFixture.CopyInto(_fixture.PathB, path);
            host.Reload();
            File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
            host.Reload();
        }

        var mine = stopped.Where(a => Equals(a.GetTagItem("mlguard.path"), path) || a.OperationName == RuntimeTelemetry.ReloadActivity && a.Parent is null).ToArray();
        var loads = mine.Where(a => a.OperationName == RuntimeTelemetry.LoadActivity).ToArray();
        var reloads = mine.Where(a => a.OperationName == RuntimeTelemetry.ReloadActivity
            && loads.Any(l => l.ParentSpanId == a.SpanId)).ToArray();

        Assert.Equal(3, loads.Length);
        Assert.Equal(("startup", "1.0.0", ActivityStatusCode.Unset), ((string?)loads[0].GetTagItem("mlguard.trigger"), (string?)loads[0].GetTagItem("mlguard.version"), loads[0].Status));
        Assert.Equal("2.0.0", loads[1].GetTagItem("mlguard.version"));
        Assert.Equal((ActivityStatusCode.Error, "corrupt"), (loads[2].Status, (string?)loads[2].GetTagItem("mlguard.failure")));
        Assert.Equal(2, reloads.Length);
        Assert.Equal(ActivityStatusCode.Unset, reloads[0].Status);
        Assert.Equal(ActivityStatusCode.Error, reloads[1].Status);
        Assert.Null(loads[0].Parent);
        // No activity per prediction.
        Assert.DoesNotContain(stopped, a => a.OperationName.Contains("predict", StringComparison.OrdinalIgnoreCase));
    }
}
