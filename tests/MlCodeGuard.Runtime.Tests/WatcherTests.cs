namespace MlCodeGuard.Runtime.Tests;

public sealed class WatcherTests : IClassFixture<ModelFixture>
{
    private readonly ModelFixture _fixture;

    public WatcherTests(ModelFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_changed_file_is_reloaded_once_after_the_debounce_and_a_bad_one_is_refused()
    {
        var path = _fixture.Copy(_fixture.PathA);
        var results = new System.Collections.Concurrent.BlockingCollection<ReloadResult>();
        using var host = ModelHost<HouseInput, HousePrediction>.Start(path, new() { WatchFile = true, ReloadDebounce = TimeSpan.FromMilliseconds(700) });
        host.Reloaded += (_, e) => results.Add(e.Result);

        // Writing the zip and its manifest three times in a burst (a dozen file events) causes one reload. A machine
        // loaded enough to stall the watcher's thread past the debounce may split the burst: more than two reloads would
        // mean no debounce at all.
        for (var i = 0; i < 3; i++)
        {
            ModelFixture.CopyInto(_fixture.PathB, path);
            await Task.Delay(50);
        }

        Assert.True(results.TryTake(out var reload, TimeSpan.FromSeconds(30)), "no reload after the file changed");
        Assert.True(reload.Succeeded, reload.Failure?.ToString());
        Assert.Equal((ReloadTrigger.FileChange, "2.0.0", 2L), (reload.Trigger, reload.ServingVersion, reload.ServingGeneration));
        Assert.True(ModelFixture.IsFromB(host.Predict(ModelFixture.Sample).Score));
        var extra = new List<ReloadResult>();
        while (results.TryTake(out var more, TimeSpan.FromSeconds(2)))
        {
            extra.Add(more);
        }

        Assert.True(extra.Count <= 1, $"{1 + extra.Count} reloads for one burst of writes");
        Assert.All(extra, r => Assert.True(r.Succeeded, r.Failure?.ToString()));
        var generation = host.Generation;

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..100]);
        Assert.True(results.TryTake(out var failed, TimeSpan.FromSeconds(30)), "no reload after the file was truncated");
        Assert.False(failed.Succeeded);
        Assert.Equal(ModelVerificationFailureKind.Corrupt, failed.Failure!.Kind);
        Assert.Equal(generation, host.Generation);
        Assert.True(ModelFixture.IsFromB(host.Predict(ModelFixture.Sample).Score));
        Assert.Equal(ModelHealthStatus.Degraded, host.GetHealth().Status);
    }
}
