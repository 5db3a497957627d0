using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlCodeGuard.Runtime.Packaging;

/// <summary>
/// Writes and reads model packages: the zip ML.NET writes, plus a manifest inside it and beside it.
/// </summary>
/// <remarks>
/// <para>
/// ML.NET reads a package unchanged: it looks its entries up by name and ignores the extra manifest entry, so
/// <c>mlContext.Model.Load(path, out _)</c> works on a package.
/// </para>
/// <para>
/// The payload hash (<see cref="PayloadHashAlgorithm"/>) is SHA-256 over every zip entry except
/// <see cref="ManifestEntryName"/>, taken in ordinal order of the entry's full name; for each entry it hashes the
/// entry name's UTF-8 byte count (4 bytes, little endian), the name's UTF-8 bytes, the uncompressed length (8 bytes,
/// little endian) and the uncompressed content. Adding the manifest entry, or re-compressing the zip, therefore does not
/// change it, while any change to what ML.NET reads does. The manifest beside the zip also carries
/// <see cref="ModelManifest.PackageSha256"/>, the SHA-256 of the zip file's bytes, which catches any changed byte.
/// </para>
/// </remarks>
public static class ModelPackage
{
    /// <summary>The name of the zip entry that holds the manifest.</summary>
    public const string ManifestEntryName = "mlguard.manifest.json";

    /// <summary>The manifest format this version of the library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The identifier of the payload hash definition (see the remarks of <see cref="ModelPackage"/>).</summary>
    public const string PayloadHashAlgorithm = "sha256:zip-entries-v1";

    /// <summary>The suffix of the manifest file written beside the zip.</summary>
    public const string SidecarSuffix = ".manifest.json";

    /// <summary>The serializer settings of manifests: camelCase names, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The path of the manifest beside a package: <c>model.zip</c> has <c>model.manifest.json</c>.</summary>
    /// <param name="packagePath">The path of the zip.</param>
    /// <returns>The sidecar manifest path.</returns>
    public static string GetSidecarPath(string packagePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(packagePath)) ?? string.Empty,
            Path.GetFileNameWithoutExtension(packagePath) + SidecarSuffix);

    /// <summary>
    /// Saves a trained model as a package: the ML.NET zip with the manifest entry at <paramref name="path"/>, and the
    /// manifest (with the zip's file hash) beside it. Both files are written to a temporary name and moved into place,
    /// so a watcher never sees half a file.
    /// </summary>
    /// <param name="mlContext">The context that trained the model.</param>
    /// <param name="model">The trained model.</param>
    /// <param name="inputSchema">The schema of the data the model reads (the training data's schema).</param>
    /// <param name="path">Where to write the zip.</param>
    /// <param name="options">Name, version, training data and monitoring sections.</param>
    /// <returns>The manifest written beside the zip (the one inside differs only by <see cref="ModelManifest.PackageSha256"/>).</returns>
    /// <exception cref="FormatException">The version is not SemVer 2.0.</exception>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static ModelManifest Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path, ModelPackageOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new ArgumentException("A model package needs a name.", nameof(options));
        }

        var version = SemanticVersion.Parse(options.Version);

        byte[] mlNetZip;
        using (var stream = new MemoryStream())
        {
            mlContext.Model.Save(model, inputSchema, stream);
            mlNetZip = stream.ToArray();
        }

        string payloadHash;
        using (var stream = new MemoryStream(mlNetZip, writable: false))
        {
            payloadHash = ComputePayloadSha256(stream);
        }

        var manifest = new ModelManifest
        {
            Name = options.Name,
            Version = version.ToString(),
            CreatedUtc = options.CreatedUtc ?? DateTimeOffset.UtcNow,
            MlNetVersion = MlNetVersion,
            InputSchema = DescribeSchema(inputSchema),
            OutputSchema = DescribeSchema(model.GetOutputSchema(inputSchema)),
            PayloadSha256 = payloadHash,
            TrainingData = options.TrainingData is null ? null : Fingerprint(options.TrainingData, options.TrainingSampleRows),
            Monitoring = new Dictionary<string, JsonElement>(options.Monitoring, StringComparer.Ordinal),
        };

        byte[] package;
        using (var stream = new MemoryStream())
        {
            stream.Write(mlNetZip);
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
            {
                var entry = zip.CreateEntry(ManifestEntryName, CompressionLevel.Optimal);
                using var entryStream = entry.Open();
                JsonSerializer.Serialize(entryStream, manifest, JsonOptions);
            }

            package = stream.ToArray();
        }

        var sidecar = manifest with { PackageSha256 = Convert.ToHexString(SHA256.HashData(package)).ToLowerInvariant() };
        WriteAtomically(path, package);
        WriteAtomically(GetSidecarPath(path), JsonSerializer.SerializeToUtf8Bytes(sidecar, JsonOptions));
        return sidecar;
    }

    /// <summary>Reads the manifest entry inside a package.</summary>
    /// <param name="packagePath">The zip.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelVerificationException">The file is missing, is not a zip, or has no valid manifest entry.</exception>
    public static ModelManifest ReadEmbeddedManifest(string packagePath)
    {
        using var stream = OpenPackage(packagePath);
        return ReadEmbeddedManifest(stream, packagePath);
    }

    /// <summary>Reads the manifest beside a package, or returns <see langword="null"/> when there is none.</summary>
    /// <param name="packagePath">The zip (not the manifest).</param>
    /// <returns>The manifest, or <see langword="null"/>.</returns>
    /// <exception cref="ModelVerificationException">The manifest exists but is not valid JSON.</exception>
    public static ModelManifest? ReadSidecarManifest(string packagePath)
    {
        var sidecarPath = GetSidecarPath(packagePath);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(sidecarPath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return Deserialize(bytes, sidecarPath);
    }

    /// <summary>Computes the payload hash of a zip (see <see cref="PayloadHashAlgorithm"/>).</summary>
    /// <param name="zip">A readable, seekable stream over the zip; left open.</param>
    /// <returns>The lowercase hexadecimal SHA-256.</returns>
    /// <exception cref="ModelVerificationException">The zip or one of its entries is corrupt.</exception>
    public static string ComputePayloadSha256(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> prefix = stackalloc byte[8];
            var buffer = new byte[81920];
            foreach (var entry in archive.Entries
                         .Where(e => !string.Equals(e.FullName, ManifestEntryName, StringComparison.Ordinal))
                         .OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var name = Encoding.UTF8.GetBytes(entry.FullName);
                BinaryPrimitives.WriteInt32LittleEndian(prefix, name.Length);
                hash.AppendData(prefix[..4]);
                hash.AppendData(name);
                BinaryPrimitives.WriteInt64LittleEndian(prefix, entry.Length);
                hash.AppendData(prefix);
                using var content = entry.Open();
                long total = 0;
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    total += read;
                }

                if (total != entry.Length)
                {
                    throw new InvalidDataException($"zip entry '{entry.FullName}' holds {total} bytes, its header says {entry.Length}");
                }
            }

            return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        }
        catch (InvalidDataException e)
        {
            throw new ModelVerificationException(ModelVerificationFailureKind.Corrupt, $"the package is not a readable zip: {e.Message}", e);
        }
    }

    /// <summary>Describes the visible columns of a schema as manifest columns.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>One column per visible column, in schema order.</returns>
    public static IReadOnlyList<SchemaColumn> DescribeSchema(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Where(c => !c.IsHidden).Select(c => DescribeColumn(c.Name, c.Type)).ToArray();
    }

    /// <summary>Describes one column type as a manifest column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">The ML.NET type.</param>
    /// <returns>The manifest column.</returns>
    public static SchemaColumn DescribeColumn(string name, DataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var vector = type as VectorDataViewType;
        var item = vector?.ItemType ?? type;
        var key = item as KeyDataViewType;
        return new SchemaColumn
        {
            Name = name,
            ItemType = item switch
            {
                TextDataViewType => "Text",
                KeyDataViewType k => $"Key<{k.RawType.Name}>",
                _ => item.RawType.Name,
            },
            IsVector = vector is not null,
            VectorSize = vector?.Size,
            IsKey = key is not null,
            KeyCount = key?.Count,
        };
    }

    /// <summary>Computes the training data fingerprint the manifest records.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="sampleRows">How many leading rows to hash.</param>
    /// <returns>The fingerprint.</returns>
    public static TrainingDataFingerprint Fingerprint(IDataView data, int sampleRows = 100)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleRows);
        var schema = DescribeSchema(data.Schema);
        var schemaText = string.Join("\n", schema.Select(c => c.Name + ":" + c.Describe()));

        var rowCount = data.GetRowCount();
        if (rowCount is null)
        {
            long n = 0;
            using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
            while (cursor.MoveNext())
            {
                n++;
            }

            rowCount = n;
        }

        var sample = new StringBuilder();
        var preview = data.Preview(sampleRows);
        foreach (var row in preview.RowView)
        {
            foreach (var cell in row.Values)
            {
                sample.Append(cell.Key).Append('=');
                AppendValue(sample, cell.Value);
                sample.Append('\t');
            }

            sample.Append('\n');
        }

        return new TrainingDataFingerprint
        {
            RowCount = rowCount.Value,
            Schema = schema,
            SchemaSha256 = Sha256Hex(schemaText),
            SampleRows = preview.RowView.Length,
            SampleSha256 = Sha256Hex(sample.ToString()),
        };
    }

    internal static string MlNetVersion { get; } =
        typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MLContext).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    internal static Stream OpenPackage(string packagePath)
    {
        try
        {
            return new FileStream(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelVerificationException(ModelVerificationFailureKind.Missing, $"model file '{packagePath}' does not exist", e);
        }
    }

    internal static ModelManifest ReadEmbeddedManifest(Stream zip, string packagePath)
    {
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            var entry = archive.GetEntry(ManifestEntryName)
                ?? throw new ModelVerificationException(ModelVerificationFailureKind.Manifest,
                    $"'{packagePath}' has no '{ManifestEntryName}' entry: it is a plain ML.NET zip, not a model package");
            using var content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return Deserialize(copy.ToArray(), packagePath + "!" + ManifestEntryName);
        }
        catch (InvalidDataException e)
        {
            throw new ModelVerificationException(ModelVerificationFailureKind.Corrupt, $"'{packagePath}' is not a readable zip: {e.Message}", e);
        }
    }

    internal static string Sha256Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static ModelManifest Deserialize(byte[] json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions)
                ?? throw new ModelVerificationException(ModelVerificationFailureKind.Manifest, $"manifest '{where}' is empty");
        }
        catch (JsonException e)
        {
            throw new ModelVerificationException(ModelVerificationFailureKind.Manifest, $"manifest '{where}' is not valid JSON: {e.Message}", e);
        }
    }

    private static void AppendValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case float f:
                sb.Append(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ReadOnlyMemory<char> text:
                sb.Append(text.Span);
                break;
            case IFormattable formattable:
                sb.Append(formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                var type = value.GetType();
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(VBuffer<>))
                {
                    // Save-time only: reflection keeps this generic over every VBuffer item type.
                    var dense = (System.Collections.IEnumerable)type.GetMethod(nameof(VBuffer<int>.DenseValues))!.Invoke(value, null)!;
                    sb.Append('[');
                    foreach (var item in dense)
                    {
                        AppendValue(sb, item);
                        sb.Append(',');
                    }

                    sb.Append(']');
                }
                else
                {
                    sb.Append(value);
                }

                break;
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }
}

/// <summary>What <see cref="ModelPackage.Save"/> writes into the manifest besides what it reads off the model.</summary>
public sealed class ModelPackageOptions
{
    /// <summary>The model's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The model's SemVer 2.0 version; validated by <see cref="ModelPackage.Save"/>.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>The creation time to record; the current UTC time when <see langword="null"/>.</summary>
    public DateTimeOffset? CreatedUtc { get; set; }

    /// <summary>The training data to fingerprint, or <see langword="null"/> to record none.</summary>
    public IDataView? TrainingData { get; set; }

    /// <summary>How many leading training rows the fingerprint hashes (default 100).</summary>
    public int TrainingSampleRows { get; set; } = 100;

    /// <summary>Monitoring sections to record (for example a drift baseline), keyed by section name.</summary>
    public IDictionary<string, JsonElement> Monitoring { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
}
