using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MlCodeGuard.Ranking.Model;
using MlCodeGuard.Ranking.Sarif;
using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Benchmarks.Ranking;

/// <summary>
/// Ranking 10,000 SARIF results with the learned model, against the bare JSON round trip of the same log (parse and
/// write, no scoring) as the baseline.
/// </summary>
[MemoryDiagnoser]
public class RankSarifBenchmarks
{
    private byte[] _sarif = [];
    private LearnedRanker _ranker = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = Shared.Get();
        _ranker = data.Ranker;
        _sarif = SarifSample.Create(10_000, data.Repository);
    }

    [Benchmark(Baseline = true)]
    public long JsonRoundTrip10k()
    {
        using var output = new MemoryStream();
        var node = JsonNode.Parse(_sarif)!;
        using (var writer = new System.Text.Json.Utf8JsonWriter(output, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            node.WriteTo(writer);
        }

        return output.Length;
    }

    [Benchmark]
    public long Rank10k()
    {
        using var input = new MemoryStream(_sarif);
        using var output = new MemoryStream();
        SarifRanker.Rank(input, output, _ranker, Shared.Get().Repository);
        return output.Length;
    }

    [Benchmark]
    public long RankWithPrior10k()
    {
        using var input = new MemoryStream(_sarif);
        using var output = new MemoryStream();
        SarifRanker.Rank(input, output, PriorScorer.Instance, Shared.Get().Repository);
        return output.Length;
    }
}

/// <summary>
/// Training on 50,000 diagnostics (the generated history's labelled diagnostics, resampled with new snapshot ids):
/// the whole <c>learn</c> training step (two ranking candidates on a time-ordered validation split, the refit, the
/// calibrated fix model) against fitting the fix-probability model alone as the baseline.
/// </summary>
public class TrainingBenchmarks
{
    private List<TrainingExample> _examples = [];

    [GlobalSetup]
    public void Setup() => _examples = Shared.Get().Resampled(50_000);

    [Benchmark(Baseline = true)]
    public object FitBinaryOnly50k() => RankerTrainer.FitBinary(new Microsoft.ML.MLContext(seed: 0), _examples);

    [Benchmark]
    public object Train50k() => RankerTrainer.Train(_examples, Shared.Get().Statistics);
}
