using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>What happened to a served model.</summary>
public enum DeploymentEventKind
{
    /// <summary>A model started serving (start-up).</summary>
    Load,

    /// <summary>A newer (or equal) version replaced the serving one.</summary>
    Reload,

    /// <summary>An older version replaced the serving one.</summary>
    Rollback,

    /// <summary>A reload was refused; the previous model kept serving.</summary>
    ReloadFailed,

    /// <summary>A drift monitor raised an alarm.</summary>
    Alarm,
}

/// <summary>One entry of a <see cref="DeploymentRecord"/>.</summary>
public sealed record DeploymentEvent
{
    /// <summary>When it happened.</summary>
    public DateTimeOffset Utc { get; init; }

    /// <summary>What happened.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DeploymentEventKind>))]
    public DeploymentEventKind Kind { get; init; }

    /// <summary>The model name.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>The version serving after the event.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>When the serving model was packaged (its manifest's <c>createdUtc</c>), for loads and reloads.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ModelCreatedUtc { get; init; }

    /// <summary>For alarms: the estimated start of the drift.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OnsetUtc { get; init; }

    /// <summary>A short description: the failure, or the alarm.</summary>
    public string Detail { get; init; } = string.Empty;
}

/// <summary>Team-level figures read off a <see cref="DeploymentRecord"/>.</summary>
/// <param name="Deployments">Loads, reloads and rollbacks.</param>
/// <param name="DeploymentsPerDay">Deployments per day over the recorded span (null for fewer than two).</param>
/// <param name="MedianLeadTime">Median time from a model's packaging to its serving.</param>
/// <param name="MedianDetectionDelay">Median time from a drift's estimated onset to its alarm.</param>
/// <param name="Rollbacks">Rollbacks.</param>
/// <param name="FailedReloads">Refused reloads.</param>
/// <param name="Alarms">Drift alarms.</param>
public sealed record DeploymentSummary(
    int Deployments,
    double? DeploymentsPerDay,
    TimeSpan? MedianLeadTime,
    TimeSpan? MedianDetectionDelay,
    int Rollbacks,
    int FailedReloads,
    int Alarms);

/// <summary>
/// Every load, reload, rollback and alarm of a served model with timestamps: deployment frequency, lead time from
/// packaging to serving, and time from drift onset to detection. Thread-safe.
/// </summary>
public sealed class DeploymentRecord
{
    private readonly object _lock = new();
    private readonly List<DeploymentEvent> _events = new();

    /// <summary>The events, oldest first.</summary>
    public IReadOnlyList<DeploymentEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>Adds an event.</summary>
    /// <param name="e">The event.</param>
    public void Add(DeploymentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_lock)
        {
            _events.Add(e);
        }
    }

    /// <summary>Records the host's serving model now and every reload from now on (a lower version is a rollback).</summary>
    /// <typeparam name="TIn">The host's input type.</typeparam>
    /// <typeparam name="TOut">The host's output type.</typeparam>
    /// <param name="host">The host.</param>
    public void Attach<TIn, TOut>(ModelHost<TIn, TOut> host)
        where TIn : class
        where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(host);
        var model = host.Model;
        var serving = model.SemanticVersion;
        Add(new DeploymentEvent
        {
            Utc = model.LoadedUtc,
            Kind = DeploymentEventKind.Load,
            Model = model.Name,
            Version = model.Manifest.Version,
            ModelCreatedUtc = model.Manifest.CreatedUtc,
        });
        host.Reloaded += (_, e) =>
        {
            var result = e.Result;
            if (!result.Succeeded)
            {
                Add(new DeploymentEvent
                {
                    Utc = result.CompletedUtc,
                    Kind = DeploymentEventKind.ReloadFailed,
                    Model = model.Name,
                    Version = result.ServingVersion ?? string.Empty,
                    Detail = result.Failure?.ToString() ?? string.Empty,
                });
                return;
            }

            var next = host.Model;
            var rollback = next.SemanticVersion.CompareTo(serving) < 0;
            serving = next.SemanticVersion;
            Add(new DeploymentEvent
            {
                Utc = result.CompletedUtc,
                Kind = rollback ? DeploymentEventKind.Rollback : DeploymentEventKind.Reload,
                Model = next.Name,
                Version = next.Manifest.Version,
                ModelCreatedUtc = next.Manifest.CreatedUtc,
            });
        };
    }

    internal void RecordAlarm(string model, string version, DriftAlarm alarm) => Add(new DeploymentEvent
    {
        Utc = alarm.Utc,
        Kind = DeploymentEventKind.Alarm,
        Model = model,
        Version = version,
        OnsetUtc = alarm.EstimatedOnsetUtc,
        Detail = alarm.ToString(),
    });

    /// <summary>Deployment frequency, lead time and detection delay over the recorded events.</summary>
    /// <returns>The summary.</returns>
    public DeploymentSummary Summarize() => Summarize(Events);

    /// <summary>The summary of any list of events (for example a snapshot's).</summary>
    /// <param name="events">The events.</param>
    /// <returns>The summary.</returns>
    public static DeploymentSummary Summarize(IReadOnlyList<DeploymentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var deployments = events.Where(e => e.Kind is DeploymentEventKind.Load or DeploymentEventKind.Reload or DeploymentEventKind.Rollback).ToArray();
        double? perDay = null;
        if (deployments.Length >= 2)
        {
            var span = deployments.Max(e => e.Utc) - deployments.Min(e => e.Utc);
            perDay = span > TimeSpan.Zero ? (deployments.Length - 1) / span.TotalDays : null;
        }

        var lead = Median(deployments.Where(e => e.ModelCreatedUtc is not null).Select(e => e.Utc - e.ModelCreatedUtc!.Value));
        var alarms = events.Where(e => e.Kind == DeploymentEventKind.Alarm).ToArray();
        var detection = Median(alarms.Where(e => e.OnsetUtc is not null).Select(e => e.Utc - e.OnsetUtc!.Value));
        return new DeploymentSummary(deployments.Length, perDay, lead, detection,
            events.Count(e => e.Kind == DeploymentEventKind.Rollback), events.Count(e => e.Kind == DeploymentEventKind.ReloadFailed), alarms.Length);
    }

    private static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? null : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
