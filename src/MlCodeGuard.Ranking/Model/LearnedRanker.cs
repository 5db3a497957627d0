using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Ranking.Model;

/// <summary>A trained ranker: the ranking model, the fix-probability model, the manifest and the history statistics.</summary>
public sealed class LearnedRanker : IDiagnosticScorer
{
    /// <summary>The default model path, relative to the repository root.</summary>
    public const string DefaultRelativePath = ".mlguard/ranker.zip";

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly MLContext _context;
    private readonly ITransformer _ranking;
    private readonly ITransformer _binary;
    private readonly Lock _engineLock = new();
    private PredictionEngine<FeatureRow, RankingPrediction>? _rankingEngine;
    private PredictionEngine<FeatureRow, FixPrediction>? _binaryEngine;

    internal LearnedRanker(MLContext context, ITransformer ranking, ITransformer binary, RankerManifest manifest, HistoryStatistics history)
    {
        _context = context;
        _ranking = ranking;
        _binary = binary;
        Manifest = manifest;
        History = history;
    }

    /// <summary>What this model is.</summary>
    public RankerManifest Manifest { get; }

    /// <inheritdoc/>
    public HistoryStatistics History { get; }

    /// <inheritdoc/>
    public string Description => $"learned {Manifest.Algorithm} ranker ({Manifest.ExampleCount} diagnostics, history up to {Manifest.TrainedAt:yyyy-MM-dd})";

    /// <inheritdoc/>
    public IReadOnlyList<DiagnosticScore> Score(IReadOnlyList<DiagnosticFeatures> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return [];
        }

        // One prediction engine per model, made once and reused with the same row objects: no data view, cursor or
        // pipe thread per call, which is what dominated scoring a large log with two Transform passes.
        var scores = new float[features.Count];
        var probabilities = new float[features.Count];
        lock (_engineLock)
        {
            _rankingEngine ??= _context.Model.CreatePredictionEngine<FeatureRow, RankingPrediction>(_ranking, inputSchemaDefinition: FeatureRow.Schema());
            _binaryEngine ??= _context.Model.CreatePredictionEngine<FeatureRow, FixPrediction>(_binary, inputSchemaDefinition: FeatureRow.Schema());
            var row = new FeatureRow();
            var ranked = new RankingPrediction();
            var fix = new FixPrediction();
            for (var i = 0; i < scores.Length; i++)
            {
                row.Features = features[i].ToVector();
                _rankingEngine.Predict(row, ref ranked);
                _binaryEngine.Predict(row, ref fix);
                scores[i] = ranked.Score;
                probabilities[i] = fix.Probability;
            }
        }

        var composite = BreakTies(scores, features);
        var result = new DiagnosticScore[features.Count];
        for (var i = 0; i < result.Length; i++)
        {
            // The logistic is order-preserving, so SARIF rank sorts exactly as the ranking model (ties broken) does. Not
            // rounded: far from zero the logistic is within a rounding step of 0 or 100 for many different scores.
            var rank = 100.0 / (1.0 + Math.Exp(-composite[i]));
            var probability = float.IsNaN(probabilities[i]) ? 0.5 : probabilities[i];
            result[i] = new DiagnosticScore(composite[i], rank, Math.Round(probability, 4));
        }

        return result;
    }

    /// <summary>
    /// The model's scores with exact ties broken by the prior (<see cref="PriorScorer.Probability"/>). A tree ensemble
    /// gives the very same score to every diagnostic that ends in the same leaves: all those of a rule the history never
    /// saw, for one (this repository's own history, where no MLG diagnostic was ever resolved, scored every MLG
    /// diagnostic of the sample alike). The nudge is at most a quarter of the smallest gap between two different scores
    /// of the batch (and at most 0.001), times the prior's distance from one half (below one half), so different scores
    /// keep their order and only equal ones are reordered.
    /// </summary>
    internal static double[] BreakTies(IReadOnlyList<float> scores, IReadOnlyList<DiagnosticFeatures> features)
    {
        var distinct = scores.Select(s => (double)s).Where(s => !double.IsNaN(s)).Distinct().Order().ToArray();
        var step = 1e-3;
        for (var i = 1; i < distinct.Length; i++)
        {
            step = Math.Min(step, (distinct[i] - distinct[i - 1]) / 4);
        }

        var result = new double[scores.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = scores[i] + step * (PriorScorer.Probability(features[i]) - 0.5);
        }

        return result;
    }

    /// <summary>Writes ranker.zip (both models, manifest.json, history.json) and ranker.json next to it.</summary>
    /// <param name="path">The zip path; its folder is created.</param>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            var schema = _context.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), FeatureRow.Schema()).Schema;
            using (var entry = zip.CreateEntry("ranking.zip").Open())
            {
                _context.Model.Save(_ranking, schema, entry);
            }

            using (var entry = zip.CreateEntry("fix-probability.zip").Open())
            {
                _context.Model.Save(_binary, schema, entry);
            }

            using (var entry = zip.CreateEntry("manifest.json").Open())
            {
                JsonSerializer.Serialize(entry, Manifest, JsonOptions);
            }

            using (var entry = zip.CreateEntry("history.json").Open())
            {
                JsonSerializer.Serialize(entry, History, JsonOptions);
            }
        }

        File.Move(temp, path, overwrite: true);
        File.WriteAllText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(Manifest, JsonOptions) + "\n");
    }

    /// <summary>Loads a saved ranker.</summary>
    /// <param name="path">The ranker.zip path.</param>
    /// <returns>The ranker.</returns>
    /// <exception cref="InvalidDataException">The file is not a ranker of this version.</exception>
    public static LearnedRanker Load(string path)
    {
        var context = new MLContext(seed: 0);
        using var zip = ZipFile.OpenRead(path);
        var manifest = Read<RankerManifest>(zip, "manifest.json");
        if (!manifest.FeatureNames.SequenceEqual(DiagnosticFeatures.Names))
        {
            throw new InvalidDataException($"'{path}' was trained with a different feature layout (tool {manifest.ToolVersion}); run 'mlguard learn' again");
        }

        var history = Read<HistoryStatistics>(zip, "history.json");
        return new LearnedRanker(context, LoadModel(context, zip, "ranking.zip"), LoadModel(context, zip, "fix-probability.zip"), manifest, history);
    }

    private static ITransformer LoadModel(MLContext context, ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"the ranker has no {name}");
        // ML.NET needs a seekable stream.
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        return context.Model.Load(buffer, out _);
    }

    private static T Read<T>(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"the ranker has no {name}");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<T>(stream, JsonOptions) ?? throw new InvalidDataException($"the ranker's {name} is empty");
    }
}
