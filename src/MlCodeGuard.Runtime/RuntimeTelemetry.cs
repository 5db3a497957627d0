using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace MlCodeGuard.Runtime;

/// <summary>
/// Names of the runtime's <see cref="System.Diagnostics.Metrics.Meter"/>, <see cref="System.Diagnostics.ActivitySource"/>,
/// instruments and tags, for listeners and exporters (OpenTelemetry: <c>AddMeter(RuntimeTelemetry.MeterName)</c>).
/// </summary>
public static class RuntimeTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>MlCodeGuard.Runtime</c>.</summary>
    public const string MeterName = "MlCodeGuard.Runtime";

    /// <summary>The name of the activity source (the same as <see cref="MeterName"/>).</summary>
    public const string ActivitySourceName = MeterName;

    /// <summary>Counter: predictions served. Tags <c>model</c>, <c>version</c>.</summary>
    public const string Predictions = "mlguard.predictions";

    /// <summary>Histogram (ms): duration of sampled predictions (1 in N). Tags <c>model</c>, <c>version</c>.</summary>
    public const string PredictionDuration = "mlguard.prediction.duration";

    /// <summary>Counter: models that passed verification (start-up and reload). Tags <c>model</c>, <c>version</c>, <c>trigger</c>.</summary>
    public const string ModelLoads = "mlguard.model.loads";

    /// <summary>Counter: reload attempts. Tags <c>model</c> (the one serving), <c>result</c> (<c>succeeded</c> or <c>failed</c>), <c>trigger</c>.</summary>
    public const string ModelReloads = "mlguard.model.reloads";

    /// <summary>Counter: models refused by verification. Tags <c>model</c> (expected or serving name), <c>reason</c> (the failure kind in lower case), <c>trigger</c>.</summary>
    public const string ModelLoadFailures = "mlguard.model.load_failures";

    /// <summary>Observable gauge: the generation (1 at start-up, +1 per swap) of each serving model. Tags <c>model</c>, <c>version</c>.</summary>
    public const string ModelVersion = "mlguard.model.version";

    /// <summary>Activity: verifying and loading one model file. Tags <c>mlguard.model</c>, <c>mlguard.version</c>, <c>mlguard.path</c>, <c>mlguard.failure</c>.</summary>
    public const string LoadActivity = "mlguard.model.load";

    /// <summary>Activity: one reload of a served model (its load is a child activity).</summary>
    public const string ReloadActivity = "mlguard.model.reload";

    /// <summary>The tag that names the model.</summary>
    public const string ModelTag = "model";

    /// <summary>The tag that carries the model version.</summary>
    public const string VersionTag = "version";

    internal static readonly string LibraryVersion =
        typeof(RuntimeTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    internal static readonly Meter Meter = new(MeterName, LibraryVersion);
    internal static readonly ActivitySource Source = new(ActivitySourceName, LibraryVersion);

    internal static readonly Counter<long> PredictionsCounter =
        Meter.CreateCounter<long>(Predictions, "{prediction}", "Predictions served.");

    internal static readonly Histogram<double> DurationHistogram =
        Meter.CreateHistogram<double>(PredictionDuration, "ms", "Duration of sampled predictions.");

    internal static readonly Counter<long> LoadsCounter =
        Meter.CreateCounter<long>(ModelLoads, "{load}", "Models that passed verification.");

    internal static readonly Counter<long> ReloadsCounter =
        Meter.CreateCounter<long>(ModelReloads, "{reload}", "Reload attempts.");

    internal static readonly Counter<long> LoadFailuresCounter =
        Meter.CreateCounter<long>(ModelLoadFailures, "{failure}", "Models refused by verification.");

    private static readonly object HostsLock = new();
    private static readonly List<IServingModel> Hosts = new();

    // A field initializer rather than a static constructor: the class stays beforefieldinit, so the hot path reads the
    // instruments without a class-initialization check.
    private static readonly ObservableGauge<long> VersionGauge =
        Meter.CreateObservableGauge(ModelVersion, ObserveVersions, "{generation}", "Generation of each serving model.");

    internal static void Register(IServingModel host)
    {
        lock (HostsLock)
        {
            Hosts.Add(host);
        }
    }

    internal static void Unregister(IServingModel host)
    {
        lock (HostsLock)
        {
            Hosts.Remove(host);
        }
    }

    private static IEnumerable<Measurement<long>> ObserveVersions()
    {
        lock (HostsLock)
        {
            var measurements = new List<Measurement<long>>(Hosts.Count);
            foreach (var host in Hosts)
            {
                if (host.TryGetServing(out var name, out var version, out var generation))
                {
                    measurements.Add(new Measurement<long>(generation,
                        new KeyValuePair<string, object?>(ModelTag, name),
                        new KeyValuePair<string, object?>(VersionTag, version)));
                }
            }

            return measurements;
        }
    }
}

/// <summary>What the version gauge reads off a host, without its generic arguments.</summary>
internal interface IServingModel
{
    bool TryGetServing(out string name, out string version, out long generation);
}
