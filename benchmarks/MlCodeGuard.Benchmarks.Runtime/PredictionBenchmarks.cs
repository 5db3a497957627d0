using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using MlCodeGuard.Runtime;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Benchmarks.Runtime;

public sealed class HouseInput
{
    public float Size { get; set; }

    public float Age { get; set; }

    public float Label { get; set; }
}

public sealed class HousePrediction
{
    public float Score { get; set; }
}

/// <summary>
/// The cost the runtime adds to one prediction: the bare <c>PredictionEngine.Predict(in, ref)</c> is the baseline;
/// the pooled <see cref="ModelHost{TIn, TOut}.Predict(in TIn, ref TOut)"/> is measured without and with a
/// <see cref="MeterListener"/> (counter on every call, duration histogram sampled 1 in 16), and rent + return alone.
/// All cases run on the same tiny FastTree model (20 trees, 8 leaves, 2 features).
/// </summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private string _directory = "";
    private PredictionEngine<HouseInput, HousePrediction> _engine = null!;
    private ModelHost<HouseInput, HousePrediction> _host = null!;
    private MeterListener? _listener;
    private long _measured;
    private readonly HouseInput _input = new() { Size = 1.5f, Age = 0.5f };
    private HousePrediction _output = new();

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mlguard-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var context = new MLContext(seed: 1);
        var random = new Random(42);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var size = (float)random.NextDouble() * 3;
            var age = (float)random.NextDouble();
            return new HouseInput { Size = size, Age = age, Label = 2 * size + age };
        }).ToArray();
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.Transforms.Concatenate("Features", "Size", "Age")
            // One training thread: the same trees in every benchmark process (BenchmarkDotNet runs each case in its own
            // process, and a multi-threaded FastTree may grow different trees, whose cost differs, in each).
            .Append(context.Regression.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer.Options
            {
                NumberOfLeaves = 8,
                NumberOfTrees = 20,
                MinimumExampleCountPerLeaf = 5,
                NumberOfThreads = 1,
            }))
            .Fit(data);
        var path = Path.Combine(_directory, "model.zip");
        ModelPackage.Save(context, model, data.Schema, path, new ModelPackageOptions { Name = "bench", Version = "1.0.0" });

        _host = ModelHost<HouseInput, HousePrediction>.Start(path);
        _host.Predict(in _input, ref _output);
        // The baseline is the very engine the host keeps for this thread (BenchmarkDotNet runs the setup and the
        // benchmark on one thread), so that bare and pooled calls differ only by what the host adds.
        _engine = (PredictionEngine<HouseInput, HousePrediction>)ThreadEngineCache.Engine!;
    }

    [GlobalSetup(Target = nameof(PooledPredictWithListener))]
    public void SetupWithListener()
    {
        Setup();
        AttachListener();
    }

    /// <summary>Enables every instrument of the runtime with callbacks that only add up what they receive.</summary>
    public void AttachListener()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RuntimeTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _measured += value);
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _measured++);
        _listener.Start();
    }

    public void DetachListener()
    {
        _listener?.Dispose();
        _listener = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DetachListener();
        _host.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Benchmark(Baseline = true, Description = "PredictionEngine.Predict(in, ref) (bare)")]
    public float BarePredict()
    {
        _engine.Predict(_input, ref _output);
        return _output.Score;
    }

    [Benchmark(Description = "ModelHost.Predict(in, ref), no listener")]
    public float PooledPredict()
    {
        _host.Predict(in _input, ref _output);
        return _output.Score;
    }

    [Benchmark(Description = "ModelHost.Predict(in, ref), MeterListener attached")]
    public float PooledPredictWithListener()
    {
        _host.Predict(in _input, ref _output);
        return _output.Score;
    }

    [Benchmark(Description = "ModelHost.Rent() + Dispose() alone")]
    public long RentAndReturn()
    {
        using var lease = _host.Rent();
        return lease.Generation;
    }
}
