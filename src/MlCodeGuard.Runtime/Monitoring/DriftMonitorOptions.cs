using System;
using System.Collections.Generic;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>How a <see cref="DriftMonitor"/> detects drift.</summary>
public sealed class DriftMonitorOptions
{
    /// <summary>
    /// The average number of observations of one column between two false alarms when nothing drifts (ARL0), per
    /// monitored column (so a monitor of F columns raises a false alarm about every ARL0 / F rows). Default 20,000.
    /// </summary>
    public double Arl0 { get; set; } = 20_000;

    /// <summary>
    /// Mean shifts (in standard deviations of the normal score) each pair of mean CUSUMs (up and down) is designed for:
    /// a small design catches small shifts, a large one catches large shifts fast (designs under 0.5σ get most of the false-alarm budget). Default 0.1, 0.25, 1.
    /// </summary>
    public IReadOnlyList<double> MeanShifts { get; set; } = new[] { 0.1, 0.25, 1.0 };

    /// <summary>The scale increase the upper variance CUSUM is designed for. Default 1.25.</summary>
    public double ScaleUp { get; set; } = 1.25;

    /// <summary>The scale decrease the lower variance CUSUM is designed for. Default 0.8.</summary>
    public double ScaleDown { get; set; } = 0.8;

    /// <summary>The smoothing weight of the EWMA over quantile bins (the shape detector). Default 0.02.</summary>
    public double EwmaLambda { get; set; } = 0.02;

    /// <summary>
    /// Independent shards; a thread observes into shard <c>threadId % Shards</c> under that shard's lock, so
    /// concurrent predictions rarely wait and every count is exact. Each shard runs its own detectors on its part of
    /// the stream, so with S busy shards a change is detected after about S times as many rows. Default: the
    /// processor count.
    /// </summary>
    public int Shards { get; set; } = Environment.ProcessorCount;

    /// <summary>The model name for metric tags and snapshots; defaults to the manifest's name.</summary>
    public string? ModelName { get; set; }

    /// <summary>The model version for snapshots; defaults to the manifest's version.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Where the feature importance of root causes comes from; every feature weighs 1 when null.</summary>
    public IFeatureImportanceSource? Importance { get; set; }

    /// <summary>Record a point of each feature's drift statistic every this many rows of a shard (the report's time line). Default 1,000.</summary>
    public int HistoryEvery { get; set; } = 1_000;

    /// <summary>History points kept (a ring). Default 512.</summary>
    public int HistoryCapacity { get; set; } = 512;

    /// <summary>Alarms kept for snapshots (the most recent). Default 200.</summary>
    public int AlarmsKept { get; set; } = 200;

    /// <summary>Seed of the calibration simulation (results are cached per configuration). Default 20261126.</summary>
    public ulong CalibrationSeed { get; set; } = 20261126;
}
