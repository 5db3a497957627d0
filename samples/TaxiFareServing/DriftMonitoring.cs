using MlCodeGuard.Runtime;
using MlCodeGuard.Runtime.Monitoring;

namespace TaxiFareServing;

/// <summary>The <c>Monitoring</c> section of the settings (appsettings.json, command line <c>--Monitoring:Arl0=...</c>).</summary>
public sealed class MonitoringSettings
{
    /// <summary>Monitor the traffic for drift. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Observations of one column between two false alarms when nothing drifts. Default 20,000.</summary>
    public double Arl0 { get; set; } = 20_000;

    /// <summary>Detector shards (0: the processor count). Each shard sees its part of the traffic, so fewer shards detect sooner.</summary>
    public int Shards { get; set; }

    /// <summary>A point of the drift statistics' time line every this many rows (per shard). Default 1,000.</summary>
    public int HistoryEvery { get; set; } = 1_000;

    /// <summary>Rank the drifted columns by the model's own weights (else every column weighs 1). Default true.</summary>
    public bool ModelImportance { get; set; } = true;
}

/// <summary>
/// Drift monitoring of the served model: a <see cref="DriftMonitor"/> built from the baseline in the serving model's
/// manifest, fed by every prediction (it is one of the host's observers), rebuilt when a reload brings another model,
/// with alarms logged and counted on the <c>MlCodeGuard.Runtime</c> meter (so they reach <c>/metrics</c>), and a
/// deployment record of loads, reloads and alarms that goes into each snapshot.
/// </summary>
public sealed class DriftMonitoring(MonitoringSettings settings, ILogger<DriftMonitoring> logger) : IPredictionObserver<TaxiTrip, FarePrediction>, IDisposable
{
    // The pipeline one-hot encodes the two text columns into these columns; their weights belong to the request column.
    private static readonly Dictionary<string, string> ModelColumnOf = new(StringComparer.Ordinal)
    {
        [nameof(TaxiTrip.VendorId)] = "VendorIdEncoded",
        [nameof(TaxiTrip.PaymentType)] = "PaymentTypeEncoded",
    };

    private readonly DeploymentRecord _deployment = new();
    private readonly object _gate = new();
    private DriftObserver<TaxiTrip, FarePrediction>? _current;
    private bool _disposed;

    /// <summary>The monitor of the serving model, or null before <see cref="Ready"/> completes or when its manifest has no baseline.</summary>
    public DriftMonitor? Monitor => Volatile.Read(ref _current)?.Monitor;

    /// <summary>
    /// Completes when the first monitor is built. The first monitor of a process calibrates its detectors to ARL0 by
    /// simulation (seconds, once per process), so it is built in the background: the service starts serving at once,
    /// and predictions before this completes are not monitored.
    /// </summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>Starts monitoring <paramref name="model"/>, and follows its reloads.</summary>
    /// <param name="model">The served model.</param>
    public void Attach(TaxiFareModel model)
    {
        _deployment.Attach(model.Host);
        var loaded = model.Host.Model;
        Ready = Task.Run(() => Replace(loaded, initial: true));
        model.Host.Reloaded += (_, e) =>
        {
            if (e.Result.Succeeded)
            {
                Replace(model.Host.Model, initial: false);
            }
        };
    }

    /// <inheritdoc/>
    public void OnPrediction(in TaxiTrip input, in FarePrediction output) => Volatile.Read(ref _current)?.OnPrediction(input, output);

    /// <summary>Stops exporting the monitor's metrics.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Interlocked.Exchange(ref _current, null)?.Monitor.Dispose();
        }
    }

    private void Replace(LoadedModel model, bool initial)
    {
        DriftObserver<TaxiTrip, FarePrediction>? next;
        try
        {
            next = Build(model);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            logger.LogError(e, "Drift monitoring of {Model} {Version} could not start", model.Name, model.Manifest.Version);
            next = null;
        }

        lock (_gate)
        {
            // Stopped meanwhile, or the start-up build finishing after a reload already brought the next model: drop it.
            if (_disposed || (initial && _current is not null))
            {
                next?.Monitor.Dispose();
                return;
            }

            // A prediction that already holds the previous observer finishes into the previous monitor.
            Interlocked.Exchange(ref _current, next)?.Monitor.Dispose();
        }
    }

    private DriftObserver<TaxiTrip, FarePrediction>? Build(LoadedModel model)
    {
        if (MonitoringBaseline.FromManifest(model.Manifest) is null)
        {
            logger.LogWarning("Model {Model} {Version} has no monitoring baseline in its manifest: drift monitoring is off", model.Name, model.Manifest.Version);
            return null;
        }

        var monitor = DriftMonitor.FromManifest(model.Manifest, new DriftMonitorOptions
        {
            Arl0 = settings.Arl0,
            Shards = settings.Shards > 0 ? settings.Shards : Environment.ProcessorCount,
            HistoryEvery = settings.HistoryEvery,
            Importance = settings.ModelImportance ? new RequestColumnImportance(FeatureImportanceSources.FromModel(model.Transformer, model.InputSchema)) : null,
        });
        monitor.Deployment = _deployment;
        monitor.AlarmRaised += (_, alarm) => Log(monitor, alarm);
        logger.LogInformation("Drift monitoring of {Model} {Version}: columns {Columns}, ARL0 {Arl0}, {Shards} shard(s)",
            monitor.ModelName, monitor.ModelVersion, string.Join(", ", monitor.FeatureNames), settings.Arl0, monitor.Options.Shards);
        try
        {
            return DriftObserver<TaxiTrip, FarePrediction>.ForMembers(monitor);
        }
        catch
        {
            monitor.Dispose();
            throw;
        }
    }

    // A column's detectors restart after an alarm, so a lasting shift raises an alarm every few rows: every one is counted
    // (mlguard.drift.alarms) and kept for the snapshot, but the log gets one line per column every LogEvery.
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, (DateTimeOffset Logged, int Suppressed)> _logged = new(StringComparer.Ordinal);

    private void Log(DriftMonitor monitor, DriftAlarm alarm)
    {
        int suppressed;
        lock (_logged)
        {
            if (_logged.TryGetValue(alarm.Feature, out var last) && alarm.Utc - last.Logged < LogEvery)
            {
                _logged[alarm.Feature] = (last.Logged, last.Suppressed + 1);
                return;
            }

            suppressed = last.Suppressed;
            _logged[alarm.Feature] = (alarm.Utc, 0);
        }

        logger.LogWarning("Model {Model} {Version}: {Alarm} ({Suppressed} more alarms on {Feature} since the last line)",
            monitor.ModelName, monitor.ModelVersion, alarm, suppressed, alarm.Feature);
    }

    /// <summary>The model's weights per request column: an encoded column's weight counts for the column it encodes.</summary>
    private sealed class RequestColumnImportance(IFeatureImportanceSource model) : IFeatureImportanceSource
    {
        public FeatureImportance Resolve(IReadOnlyList<string> features) =>
            model.Resolve(features.Select(f => ModelColumnOf.GetValueOrDefault(f, f)).ToArray());
    }
}
