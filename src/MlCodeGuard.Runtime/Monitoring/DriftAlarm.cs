using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>A drift alarm: which column's detector fired, when the change probably began, and what moved.</summary>
public sealed record DriftAlarm
{
    /// <summary>When the detector crossed its threshold.</summary>
    public DateTimeOffset Utc { get; init; }

    /// <summary>The column whose detector fired (<c>Score</c> for the model's score).</summary>
    public string Feature { get; init; } = string.Empty;

    /// <summary>The detector that fired.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DriftDetector>))]
    public DriftDetector Detector { get; init; }

    /// <summary><c>up</c> or <c>down</c> for the CUSUMs, empty for the shape detector.</summary>
    public string Direction { get; init; } = string.Empty;

    /// <summary>The statistic over its threshold at the alarm (at least 1).</summary>
    public double Statistic { get; init; }

    /// <summary>The shard whose detectors fired.</summary>
    public int Shard { get; init; }

    /// <summary>The column observations (in that shard) since the estimated change point: the detection delay.</summary>
    public long OnsetObservationsAgo { get; init; }

    /// <summary>The estimated start of the change, from <see cref="OnsetObservationsAgo"/> and the shard's observation rate.</summary>
    public DateTimeOffset EstimatedOnsetUtc { get; init; }

    /// <summary>Every column ranked by drift magnitude × feature importance, highest first.</summary>
    public IReadOnlyList<RootCause> RankedFeatures { get; init; } = Array.Empty<RootCause>();

    /// <summary>The change of the recent mean score from the baseline's, when the score is monitored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ScoreChange { get; init; }

    /// <summary>Per column, its part of the score change (exact with linear raw-unit weights; see <see cref="IFeatureImportanceSource"/>).</summary>
    public IReadOnlyList<ScoreContribution> Contributions { get; init; } = Array.Empty<ScoreContribution>();

    /// <summary>One line for logs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"drift alarm {Utc:O}: {Feature} {Detector}{(Direction.Length > 0 ? " " + Direction : "")} (statistic {Statistic:0.00}), onset ~{OnsetObservationsAgo} observations ago"
        + (RankedFeatures.Count > 0 ? $"; top cause {RankedFeatures[0].Feature}" : "");
}

/// <summary>One column's share in an alarm's root cause.</summary>
public sealed record RootCause
{
    /// <summary>The column.</summary>
    public string Feature { get; init; } = string.Empty;

    /// <summary>How far the column's strongest detector is toward its threshold (1 = at the alarm threshold).</summary>
    public double Magnitude { get; init; }

    /// <summary>The column's importance to the model (1 when none is known).</summary>
    public double Importance { get; init; }

    /// <summary><see cref="Magnitude"/> × <see cref="Importance"/>: the ranking key.</summary>
    public double Score { get; init; }

    /// <summary>The strongest detector.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DriftDetector>))]
    public DriftDetector Detector { get; init; }

    /// <summary>The recent mean's shift from the baseline mean in baseline standard deviations (numeric).</summary>
    public double MeanShift { get; init; }
}

/// <summary>A column's contribution to the change of the score.</summary>
/// <param name="Feature">The column.</param>
/// <param name="Contribution">Its part of the score change.</param>
public sealed record ScoreContribution(string Feature, double Contribution);
