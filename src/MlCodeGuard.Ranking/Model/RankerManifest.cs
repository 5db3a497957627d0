namespace MlCodeGuard.Ranking.Model;

/// <summary>What a saved ranker is: written as manifest.json inside ranker.zip and as ranker.json next to it.</summary>
public sealed class RankerManifest
{
    /// <summary>The manifest format version.</summary>
    public int FormatVersion { get; set; } = 1;

    /// <summary>The ranking learner that won validation (LightGbm or FastTree).</summary>
    public string Algorithm { get; set; } = string.Empty;

    /// <summary>The time of the last mined commit.</summary>
    public DateTimeOffset TrainedAt { get; set; }

    /// <summary>Labelled diagnostics trained on.</summary>
    public int ExampleCount { get; set; }

    /// <summary>How many of them were fixed.</summary>
    public int FixedCount { get; set; }

    /// <summary>Ranking groups (snapshots).</summary>
    public int SnapshotCount { get; set; }

    /// <summary>The feature vector layout; a model whose layout differs from this build's is refused.</summary>
    public List<string> FeatureNames { get; set; } = [];

    /// <summary>The repository the history came from (its folder name), and the commit range.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The tool version that trained it.</summary>
    public string ToolVersion { get; set; } = Engine.ToolInfo.Version;
}
