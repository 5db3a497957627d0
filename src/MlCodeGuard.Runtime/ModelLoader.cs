using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime;

/// <summary>
/// Loads a model package and verifies it, in this order: the file exists and is read once; the manifest inside the zip
/// (and the one beside it, when present: its file hash and its agreement with the inside copy); name and version; the
/// payload hash; ML.NET loads it; its schema against the C# input and output types; a prediction engine can be made;
/// the golden cases.
/// </summary>
public static class ModelLoader
{
    /// <summary>Loads and verifies a model package.</summary>
    /// <typeparam name="TIn">The C# input type.</typeparam>
    /// <typeparam name="TOut">The C# output type.</typeparam>
    /// <param name="path">The package zip.</param>
    /// <param name="options">Expected name and version, golden cases; <see langword="null"/> for none.</param>
    /// <returns>The verified model.</returns>
    /// <exception cref="ModelVerificationException">A check failed; <see cref="ModelVerificationException.Failure"/> names it.</exception>
    public static LoadedModel Load<TIn, TOut>(string path, ModelVerificationOptions<TIn, TOut>? options = null)
        where TIn : class
        where TOut : class, new()
        => LoadCore(path, options ?? new ModelVerificationOptions<TIn, TOut>(), serving: null, trigger: "startup");

    internal static LoadedModel LoadCore<TIn, TOut>(string path, ModelVerificationOptions<TIn, TOut> options, LoadedModel? serving, string trigger)
        where TIn : class
        where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(path);
        using var activity = RuntimeTelemetry.Source.StartActivity(RuntimeTelemetry.LoadActivity);
        activity?.SetTag("mlguard.path", path);
        activity?.SetTag("mlguard.trigger", trigger);
        try
        {
            var model = Verify(path, options, serving);
            activity?.SetTag("mlguard.model", model.Name);
            activity?.SetTag("mlguard.version", model.Manifest.Version);
            RuntimeTelemetry.LoadsCounter.Add(1,
                new KeyValuePair<string, object?>(RuntimeTelemetry.ModelTag, model.Name),
                new KeyValuePair<string, object?>(RuntimeTelemetry.VersionTag, model.Manifest.Version),
                new KeyValuePair<string, object?>("trigger", trigger));
            return model;
        }
        catch (ModelVerificationException e)
        {
            e.ModelPath ??= path;
            activity?.SetStatus(ActivityStatusCode.Error, e.Failure.ToString());
            activity?.SetTag("mlguard.failure", e.Kind.ToString().ToLowerInvariant());
            RuntimeTelemetry.LoadFailuresCounter.Add(1,
                new KeyValuePair<string, object?>(RuntimeTelemetry.ModelTag, options.ExpectedName ?? serving?.Name ?? "unknown"),
                new KeyValuePair<string, object?>("reason", e.Kind.ToString().ToLowerInvariant()),
                new KeyValuePair<string, object?>("trigger", trigger));
            throw;
        }
    }

    private static LoadedModel Verify<TIn, TOut>(string path, ModelVerificationOptions<TIn, TOut> options, LoadedModel? serving)
        where TIn : class
        where TOut : class, new()
    {
        // The file is read once: a writer replacing it mid-way cannot make the hash and the load see two files.
        var bytes = ReadAll(path);
        using var stream = new MemoryStream(bytes, writable: false);
        var manifest = ModelPackage.ReadEmbeddedManifest(stream, path);
        var sidecar = ModelPackage.ReadSidecarManifest(path);
        if (sidecar is null && options.RequireSidecarManifest)
        {
            throw Fail(ModelVerificationFailureKind.Manifest, $"the manifest beside the zip ('{ModelPackage.GetSidecarPath(path)}') is missing", path);
        }

        if (manifest.FormatVersion > ModelPackage.CurrentFormatVersion)
        {
            throw Fail(ModelVerificationFailureKind.Manifest,
                $"manifest format {manifest.FormatVersion} is newer than this library reads ({ModelPackage.CurrentFormatVersion})", path);
        }

        if (sidecar is not null)
        {
            var fileHash = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
            if (!string.Equals(sidecar.PackageSha256, fileHash, StringComparison.OrdinalIgnoreCase))
            {
                throw Fail(ModelVerificationFailureKind.Hash,
                    $"file SHA-256 of '{path}' is {fileHash}, the manifest beside it says {sidecar.PackageSha256 ?? "nothing"}", path);
            }

            if (!string.Equals(sidecar.Version, manifest.Version, StringComparison.Ordinal))
            {
                throw Fail(ModelVerificationFailureKind.Version,
                    $"the manifest beside the zip says version {sidecar.Version}, the one inside says {manifest.Version}", path);
            }

            var inside = JsonSerializer.Serialize(manifest with { PackageSha256 = null }, ModelPackage.JsonOptions);
            var beside = JsonSerializer.Serialize(sidecar with { PackageSha256 = null }, ModelPackage.JsonOptions);
            if (!string.Equals(inside, beside, StringComparison.Ordinal))
            {
                throw Fail(ModelVerificationFailureKind.Manifest, "the manifest beside the zip differs from the one inside it", path);
            }
        }

        if (!SemanticVersion.TryParse(manifest.Version, out var version))
        {
            throw Fail(ModelVerificationFailureKind.Version, $"'{manifest.Version}' is not a Semantic Versioning 2.0 version", path);
        }

        if (options.ExpectedName is { } name && !string.Equals(name, manifest.Name, StringComparison.Ordinal))
        {
            throw Fail(ModelVerificationFailureKind.Manifest, $"model name expected '{name}' got '{manifest.Name}'", path);
        }

        if (options.ExpectedVersion is { } expected && expected.CompareTo(version) != 0)
        {
            throw Fail(ModelVerificationFailureKind.Version, $"version expected {expected} got {version}", path);
        }

        if (options.VersionPolicy?.Invoke(version, serving?.SemanticVersion) is { } refusal)
        {
            throw Fail(ModelVerificationFailureKind.Version, $"version {version} refused: {refusal}", path);
        }

        if (!string.Equals(manifest.PayloadHashAlgorithm, ModelPackage.PayloadHashAlgorithm, StringComparison.Ordinal))
        {
            throw Fail(ModelVerificationFailureKind.Hash, $"unknown payload hash algorithm '{manifest.PayloadHashAlgorithm}'", path);
        }

        stream.Position = 0;
        var payloadHash = ModelPackage.ComputePayloadSha256(stream);
        if (!string.Equals(payloadHash, manifest.PayloadSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(ModelVerificationFailureKind.Hash, $"payload SHA-256 is {payloadHash}, the manifest says {manifest.PayloadSha256}", path);
        }

        var context = new MLContext(options.MLContextSeed);
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            stream.Position = 0;
            transformer = context.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fail(ModelVerificationFailureKind.Corrupt, $"ML.NET could not load the model: {e.Message}", path, e);
        }

        var outputSchema = transformer.GetOutputSchema(inputSchema);
        CheckManifestSchema("input", manifest.InputSchema, ModelPackage.DescribeSchema(inputSchema), path);
        CheckManifestSchema("output", manifest.OutputSchema, ModelPackage.DescribeSchema(outputSchema), path);
        CheckType<TIn>("input", SchemaDefinition.Direction.Read, inputSchema, requireAll: false, path);
        CheckType<TOut>("output", SchemaDefinition.Direction.Write, outputSchema, requireAll: true, path);

        PredictionEngine<TIn, TOut> engine;
        try
        {
            engine = context.Model.CreatePredictionEngine<TIn, TOut>(transformer);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw Fail(ModelVerificationFailureKind.Schema,
                $"ML.NET cannot bind {typeof(TIn).Name} -> {typeof(TOut).Name} to the model: {e.Message}", path, e);
        }

        using (engine)
        {
            RunGolden(engine, options, path);
        }

        return new LoadedModel(Path.GetFullPath(path), manifest, context, transformer, inputSchema, typeof(TIn), typeof(TOut));
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Fail(ModelVerificationFailureKind.Missing, $"model file '{path}' does not exist", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(ModelVerificationFailureKind.Unreadable, $"model file '{path}' cannot be read: {e.Message}", path, e);
        }
    }

    private static void CheckManifestSchema(string direction, IReadOnlyList<SchemaColumn> declared, IReadOnlyList<SchemaColumn> actual, string path)
    {
        foreach (var column in declared)
        {
            var found = actual.FirstOrDefault(c => string.Equals(c.Name, column.Name, StringComparison.Ordinal));
            if (found is null || found != column)
            {
                throw Fail(ModelVerificationFailureKind.Schema,
                    $"the manifest's {direction} column '{column.Name}' is {column.Describe()}, the model's is {found?.Describe() ?? "missing"}", path);
            }
        }

        if (declared.Count != actual.Count)
        {
            throw Fail(ModelVerificationFailureKind.Schema,
                $"the manifest lists {declared.Count} {direction} columns, the model has {actual.Count}", path);
        }
    }

    private static void CheckType<T>(string direction, SchemaDefinition.Direction use, DataViewSchema schema, bool requireAll, string path)
    {
        SchemaDefinition definition;
        try
        {
            definition = SchemaDefinition.Create(typeof(T), use);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw Fail(ModelVerificationFailureKind.Schema, $"{typeof(T).Name} is not a valid ML.NET {direction} type: {e.Message}", path, e);
        }

        foreach (var column in definition)
        {
            var expected = ModelPackage.DescribeColumn(column.ColumnName, column.ColumnType);
            var found = schema.GetColumnOrNull(column.ColumnName);
            if (found is null)
            {
                // An input member the model does not read (a label, an id) is harmless; an output member it does not write is not.
                if (requireAll)
                {
                    throw Fail(ModelVerificationFailureKind.Schema,
                        $"{direction} column '{column.ColumnName}' ({typeof(T).Name}.{column.MemberName}) expected {expected.Describe()} got nothing: the model has no such column", path);
                }

                continue;
            }

            var actual = ModelPackage.DescribeColumn(found.Value.Name, found.Value.Type);
            var sizesAgree = expected.VectorSize is not > 0 || actual.VectorSize is not > 0 || expected.VectorSize == actual.VectorSize;
            if (expected.ItemType != actual.ItemType || expected.IsVector != actual.IsVector || expected.IsKey != actual.IsKey || !sizesAgree)
            {
                throw Fail(ModelVerificationFailureKind.Schema,
                    $"{direction} column '{column.ColumnName}' ({typeof(T).Name}.{column.MemberName}) expected {expected.Describe()} got {actual.Describe()}", path);
            }
        }
    }

    private static void RunGolden<TIn, TOut>(PredictionEngine<TIn, TOut> engine, ModelVerificationOptions<TIn, TOut> options, string path)
        where TIn : class
        where TOut : class, new()
    {
        for (var i = 0; i < options.GoldenCases.Count; i++)
        {
            var golden = options.GoldenCases[i];
            var actual = new TOut();
            engine.Predict(golden.Input, ref actual);
            var difference = options.GoldenComparer is { } comparer
                ? comparer(golden.Expected, actual)
                : CompareMembers(golden.Expected, actual, options.GoldenTolerance);
            if (difference is not null)
            {
                throw Fail(ModelVerificationFailureKind.Golden, $"golden case {i}: {difference}", path);
            }
        }
    }

    private static string? CompareMembers<TOut>(TOut expected, TOut actual, double tolerance)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        var members = typeof(TOut).GetFields(flags).Select(f => (f.Name, Get: (Func<object?, object?>)f.GetValue))
            .Concat(typeof(TOut).GetProperties(flags).Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                .Select(p => (p.Name, Get: (Func<object?, object?>)p.GetValue)));
        foreach (var (name, get) in members)
        {
            var e = get(expected);
            var a = get(actual);
            if (!Close(e, a, tolerance))
            {
                return $"{name} expected {Format(e)} got {Format(a)} (tolerance {tolerance.ToString(CultureInfo.InvariantCulture)})";
            }
        }

        return null;
    }

    private static bool Close(object? expected, object? actual, double tolerance)
    {
        switch (expected, actual)
        {
            case (float e, float a):
                return Math.Abs(e - a) <= tolerance || (float.IsNaN(e) && float.IsNaN(a));
            case (double e, double a):
                return Math.Abs(e - a) <= tolerance || (double.IsNaN(e) && double.IsNaN(a));
            case (IList e, IList a) when expected is not string:
                if (e.Count != a.Count) return false;
                for (var i = 0; i < e.Count; i++)
                {
                    if (!Close(e[i], a[i], tolerance)) return false;
                }

                return true;
            default:
                return Equals(expected, actual);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        IList list when value is not string => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static ModelVerificationException Fail(ModelVerificationFailureKind kind, string detail, string path, Exception? inner = null) =>
        new(kind, detail, inner) { ModelPath = path };
}
