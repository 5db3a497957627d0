using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// What the training data looked like, per input column and for the score: the reference a
/// <see cref="DriftMonitor"/> compares serving traffic against. It is stored in the manifest's <c>monitoring</c>
/// section under <see cref="SectionName"/>.
/// </summary>
public sealed record MonitoringBaseline
{
    /// <summary>The manifest <c>monitoring</c> section that holds the baseline: <c>drift</c>.</summary>
    public const string SectionName = "drift";

    /// <summary>The format of this record; 1.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The number of training rows summarized.</summary>
    public long RowCount { get; init; }

    /// <summary>One entry per monitored input column, in monitor order.</summary>
    public IReadOnlyList<FeatureBaseline> Features { get; init; } = Array.Empty<FeatureBaseline>();

    /// <summary>The model's score on the training rows, or <see langword="null"/> when it was not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FeatureBaseline? Score { get; init; }

    /// <summary>The baseline as a manifest section.</summary>
    /// <returns>The JSON element.</returns>
    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, MonitoringJson.Options);

    /// <summary>Records the baseline in the options of <see cref="ModelPackage.Save"/>.</summary>
    /// <param name="options">The package options.</param>
    public void AddTo(ModelPackageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Monitoring[SectionName] = ToJsonElement();
    }

    /// <summary>Reads the baseline a manifest carries.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The baseline, or <see langword="null"/> when the manifest has none.</returns>
    /// <exception cref="FormatException">The section is not a valid baseline.</exception>
    public static MonitoringBaseline? FromManifest(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!manifest.Monitoring.TryGetValue(SectionName, out var element))
        {
            return null;
        }

        try
        {
            return element.Deserialize<MonitoringBaseline>(MonitoringJson.Options)
                ?? throw new FormatException("monitoring baseline: the section is null");
        }
        catch (JsonException e)
        {
            throw new FormatException("monitoring baseline: " + e.Message, e);
        }
    }

    /// <summary>The monitored columns, the score last when present.</summary>
    /// <returns>The columns.</returns>
    public IReadOnlyList<FeatureBaseline> Columns() => Score is null ? Features : Features.Append(Score).ToArray();
}

/// <summary>How a column is monitored.</summary>
public enum FeatureKind
{
    /// <summary>Numbers: normal-score CUSUMs on mean and variance, and an EWMA over quantile bins.</summary>
    Numeric,

    /// <summary>Categories: an EWMA over the top categories' frequencies, and the unseen-category rate.</summary>
    Categorical,
}

/// <summary>The training-time summary of one column.</summary>
public sealed record FeatureBaseline
{
    /// <summary>The column name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>How it is monitored.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
    public FeatureKind Kind { get; init; }

    /// <summary>Non-missing values seen.</summary>
    public long Count { get; init; }

    /// <summary>Missing values (NaN, null text) seen.</summary>
    public long Missing { get; init; }

    /// <summary>Mean of the values (numeric).</summary>
    public double Mean { get; init; }

    /// <summary>Sample variance of the values (numeric).</summary>
    public double Variance { get; init; }

    /// <summary>Smallest value (numeric).</summary>
    public double Min { get; init; }

    /// <summary>Largest value (numeric).</summary>
    public double Max { get; init; }

    /// <summary>
    /// Normal scores of the quantile grid (numeric): <c>GridX[i]</c> is the training quantile at probability
    /// <c>Φ(GridZ[i])</c>. Values between two points map linearly to a normal score, so under no drift the score is
    /// standard normal whatever the column's distribution.
    /// </summary>
    public IReadOnlyList<double> GridZ { get; init; } = Array.Empty<double>();

    /// <summary>The training quantiles at the probabilities of <see cref="GridZ"/>, strictly increasing.</summary>
    public IReadOnlyList<double> GridX { get; init; } = Array.Empty<double>();

    /// <summary>The top categories, most frequent first (categorical).</summary>
    public IReadOnlyList<string> Categories { get; init; } = Array.Empty<string>();

    /// <summary>The frequency of each of <see cref="Categories"/> among non-missing values.</summary>
    public IReadOnlyList<double> Frequencies { get; init; } = Array.Empty<double>();

    /// <summary>The other categories the training data had (up to 1,000, no frequencies), so they do not count as unseen.</summary>
    public IReadOnlyList<string> OtherCategories { get; init; } = Array.Empty<string>();

    /// <summary>The frequency of every category not among <see cref="Categories"/>.</summary>
    public double OtherFrequency { get; init; }

    /// <summary>The quantile sketch the grid came from (numeric), so baselines of data shards can be merged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public QuantileSketchState? Sketch { get; init; }

    /// <summary>The value at normal score <paramref name="z"/> (the inverse of the monitor's transform), for reports.</summary>
    /// <param name="z">A normal score.</param>
    /// <returns>The value.</returns>
    public double ValueAt(double z)
    {
        if (GridX.Count == 0)
        {
            return Mean + z * Math.Sqrt(Variance);
        }

        if (GridX.Count == 1)
        {
            return GridX[0];
        }

        var i = 0;
        while (i < GridZ.Count - 2 && z > GridZ[i + 1])
        {
            i++;
        }

        var t = (z - GridZ[i]) / (GridZ[i + 1] - GridZ[i]);
        return GridX[i] + t * (GridX[i + 1] - GridX[i]);
    }
}

/// <summary>The JSON settings of baselines and snapshots: camelCase, invariant, non-finite numbers as strings.</summary>
public static class MonitoringJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
    };
}
