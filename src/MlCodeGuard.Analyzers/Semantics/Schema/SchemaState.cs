using System;
using System.Collections.Immutable;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>
/// The columns of a data view at one point of a pipeline. An <see cref="IsOpen"/> schema has columns we cannot see
/// (a custom mapping, a user estimator, a column name computed at run time): a column missing from it may exist, so
/// no rule may report a missing column from it. Immutable.
/// </summary>
internal sealed class SchemaState
{
    private SchemaState(ImmutableDictionary<string, Column> columns, string? openReason, TrainerInfo? scoredBy)
    {
        Columns = columns;
        OpenReason = openReason;
        ScoredBy = scoredBy;
    }

    public static SchemaState Empty { get; } = new(ImmutableDictionary.Create<string, Column>(StringComparer.Ordinal), null, null);

    public ImmutableDictionary<string, Column> Columns { get; }

    public bool IsOpen => OpenReason is not null;

    /// <summary>Why the schema is open (a step that cannot be modelled), or null when every column is known.</summary>
    public string? OpenReason { get; }

    /// <summary>The last trainer whose scores are in this schema, or null when no trainer ran.</summary>
    public TrainerInfo? ScoredBy { get; }

    public Column? Find(string name) => Columns.TryGetValue(name, out var column) ? column : null;

    public SchemaState With(Column column) => new(Columns.SetItem(column.Name, column), OpenReason, ScoredBy);

    public SchemaState Without(string name) => new(Columns.Remove(name), OpenReason, ScoredBy);

    public SchemaState Only(ImmutableDictionary<string, Column> columns) => new(columns, OpenReason, ScoredBy);

    public SchemaState Open(string reason) => IsOpen ? this : new(Columns, reason, ScoredBy);

    public SchemaState Scored(TrainerInfo trainer) => new(Columns, OpenReason, trainer);
}

/// <summary>The machine-learning task of a trainer, which decides its label type and its output columns.</summary>
internal enum TrainerTask
{
    None,
    Binary,
    Multiclass,
    Regression,
    Ranking,
    Clustering,
    AnomalyDetection,
}

/// <summary>What a trainer step is: its task and whether it outputs a Probability column.</summary>
internal sealed class TrainerInfo
{
    public TrainerInfo(string name, TrainerTask task, bool calibrated)
    {
        Name = name;
        Task = task;
        Calibrated = calibrated;
    }

    public string Name { get; }

    public TrainerTask Task { get; }

    public bool Calibrated { get; }
}
