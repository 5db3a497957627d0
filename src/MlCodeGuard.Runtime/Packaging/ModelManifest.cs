using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlCodeGuard.Runtime.Packaging;

/// <summary>
/// What a packaged model says about itself. It is written twice by <see cref="ModelPackage.Save"/>: as the zip entry
/// <see cref="ModelPackage.ManifestEntryName"/> and beside the zip as <c>&lt;model&gt;.manifest.json</c>.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The version of this manifest format; <see cref="ModelPackage.CurrentFormatVersion"/> when written.</summary>
    public int FormatVersion { get; init; } = ModelPackage.CurrentFormatVersion;

    /// <summary>The model's name, for example <c>taxi-fare</c>; used as the <c>model</c> tag of every instrument.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The model's Semantic Versioning 2.0 version; the <c>version</c> tag of every instrument.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>When the package was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The informational version of the Microsoft.ML assembly that wrote the model.</summary>
    public string MlNetVersion { get; init; } = string.Empty;

    /// <summary>The columns the model reads: the input schema ML.NET stores with the model.</summary>
    public IReadOnlyList<SchemaColumn> InputSchema { get; init; } = Array.Empty<SchemaColumn>();

    /// <summary>The visible columns the model produces from <see cref="InputSchema"/>.</summary>
    public IReadOnlyList<SchemaColumn> OutputSchema { get; init; } = Array.Empty<SchemaColumn>();

    /// <summary>How the model payload is hashed; see <see cref="ModelPackage.PayloadHashAlgorithm"/>.</summary>
    public string PayloadHashAlgorithm { get; init; } = ModelPackage.PayloadHashAlgorithm;

    /// <summary>The lowercase hexadecimal SHA-256 of the model payload as defined by <see cref="PayloadHashAlgorithm"/>.</summary>
    public string PayloadSha256 { get; init; } = string.Empty;

    /// <summary>
    /// The lowercase hexadecimal SHA-256 of the whole zip file as written. Only the manifest beside the zip carries it
    /// (the entry inside the zip cannot hold the hash of the file that contains it); <see langword="null"/> inside.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PackageSha256 { get; init; }

    /// <summary>A fingerprint of the data the model was trained on, or <see langword="null"/> when none was given.</summary>
    public TrainingDataFingerprint? TrainingData { get; init; }

    /// <summary>
    /// Free-form sections for monitors (for example a drift baseline), keyed by section name. Unknown sections are kept
    /// as they are when a manifest is read and written again.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Monitoring { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The parsed <see cref="Version"/>.</summary>
    /// <exception cref="FormatException">The version is not SemVer 2.0.</exception>
    [JsonIgnore]
    public SemanticVersion SemanticVersion => SemanticVersion.Parse(Version);
}

/// <summary>One column of a model's input or output schema as ML.NET describes it.</summary>
public sealed record SchemaColumn
{
    /// <summary>The column name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// The item type: the raw .NET type name of the values (<c>Single</c>, <c>Double</c>, <c>Boolean</c>, <c>Int32</c>,
    /// ...), <c>Text</c> for text, or <c>Key&lt;UInt32&gt;</c> for a key.
    /// </summary>
    public string ItemType { get; init; } = string.Empty;

    /// <summary>Whether the column holds vectors of <see cref="ItemType"/>.</summary>
    public bool IsVector { get; init; }

    /// <summary>The vector size, 0 for a vector of variable size, or <see langword="null"/> for a scalar column.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? VectorSize { get; init; }

    /// <summary>Whether the items are keys (categorical indices).</summary>
    public bool IsKey { get; init; }

    /// <summary>The key count (0 when unknown) of a key column, otherwise <see langword="null"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? KeyCount { get; init; }

    /// <summary>The type as one string, for messages: <c>Single</c>, <c>Vector&lt;Single, 3&gt;</c>, <c>Key&lt;UInt32, 5&gt;</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        var item = IsKey && KeyCount is { } count && count != 0 ? ItemType.TrimEnd('>') + ", " + count + ">" : ItemType;
        return IsVector ? $"Vector<{item}, {(VectorSize is > 0 ? VectorSize.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}>" : item;
    }
}

/// <summary>A fingerprint of the training data: enough to tell whether two models were trained on the same data.</summary>
public sealed record TrainingDataFingerprint
{
    /// <summary>The number of rows.</summary>
    public long RowCount { get; init; }

    /// <summary>The columns of the training data.</summary>
    public IReadOnlyList<SchemaColumn> Schema { get; init; } = Array.Empty<SchemaColumn>();

    /// <summary>The lowercase hexadecimal SHA-256 of the canonical schema text (one <c>name:type</c> line per column).</summary>
    public string SchemaSha256 { get; init; } = string.Empty;

    /// <summary>The number of leading rows hashed into <see cref="SampleSha256"/>.</summary>
    public int SampleRows { get; init; }

    /// <summary>
    /// The lowercase hexadecimal SHA-256 of the first <see cref="SampleRows"/> rows, each value written with the invariant
    /// culture (floating point round-trip format, vectors dense).
    /// </summary>
    public string SampleSha256 { get; init; } = string.Empty;
}
