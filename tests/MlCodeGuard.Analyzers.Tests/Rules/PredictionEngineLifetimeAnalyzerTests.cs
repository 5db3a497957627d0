using Microsoft.ML;
using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PredictionEngineLifetimeAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PredictionEngineLifetimeAnalyzer, MlCodeGuard.CodeFixes.PredictionEngineLifetimeCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class PredictionEngineLifetimeAnalyzerTests
{
    private const string Types = """

        public class House { public float Size { get; set; } public float Rooms { get; set; } public float Price { get; set; } }
        public class PricePrediction { public float Score { get; set; } }
        """;

    private static DiagnosticResult Lifetime(int location, string message)
        => new DiagnosticResult(Descriptors.PredictionEngineLifetime).WithLocation(location).WithArguments(message);

    /// <summary>ml#6579: engines created and dropped without Dispose kept their memory until finalization.</summary>
    [Fact]
    public Task Issue_6579_engine_over_a_loaded_model_gets_using()
        => VerifyFix.FixAsync("""
            public static class Scoring
            {
                public static float Score(MLContext ml, string path, House house)
                {
                    var model = ml.Model.Load(path, out var schema);
                    var engine = ml.Model.{|MLG4003:CreatePredictionEngine|}<House, PricePrediction>(model);
                    return engine.Predict(house).Score;
                }

                public static float Train(MLContext ml, IDataView data, House house)
                {
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price")).Fit(data);
                    var engine = ml.Model.{|MLG4003:CreatePredictionEngine|}<House, PricePrediction>(model);
                    ml.Model.Save(model, data.Schema, "model.zip");
                    return engine.Predict(house).Score;
                }
            }
            """ + Types, """
            public static class Scoring
            {
                public static float Score(MLContext ml, string path, House house)
                {
                    var model = ml.Model.Load(path, out var schema);
                    using var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    return engine.Predict(house).Score;
                }

                public static float Train(MLContext ml, IDataView data, House house)
                {
                    var model = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price")).Fit(data);
                    using var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    ml.Model.Save(model, data.Schema, "model.zip");
                    return engine.Predict(house).Score;
                }
            }
            """ + Types);

    /// <summary>ml#5945: a cached model, a `using` engine per call: the second call used a disposed model.</summary>
    [Fact]
    public Task Issue_5945_using_engine_over_a_cached_model_gets_OwnsTransformer_false()
        => VerifyFix.FixAsync("""
            public sealed class Scorer
            {
                private static readonly Lazy<ITransformer> Cached = new Lazy<ITransformer>(() => new MLContext().Model.Load("model.zip", out _));
                private readonly MLContext _ml = new MLContext();
                private readonly ITransformer _model;

                public Scorer(ITransformer model) => _model = model;

                public float Score(House house)
                {
                    using var engine = _ml.Model.{|MLG4003:CreatePredictionEngine|}<House, PricePrediction>(_model);
                    return engine.Predict(house).Score;
                }

                public float ScoreCached(House house)
                {
                    using (var engine = _ml.Model.{|MLG4003:CreatePredictionEngine|}<House, PricePrediction>(Cached.Value))
                    {
                        return engine.Predict(house).Score;
                    }
                }
            }
            """ + Types, """
            public sealed class Scorer
            {
                private static readonly Lazy<ITransformer> Cached = new Lazy<ITransformer>(() => new MLContext().Model.Load("model.zip", out _));
                private readonly MLContext _ml = new MLContext();
                private readonly ITransformer _model;

                public Scorer(ITransformer model) => _model = model;

                public float Score(House house)
                {
                    using var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(_model, new PredictionEngineOptions { OwnsTransformer = false });
                    return engine.Predict(house).Score;
                }

                public float ScoreCached(House house)
                {
                    using (var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(Cached.Value, new PredictionEngineOptions { OwnsTransformer = false }))
                    {
                        return engine.Predict(house).Score;
                    }
                }
            }
            """ + Types);

    [Fact]
    public Task Messages_say_which_way_the_lifetime_is_wrong()
        => VerifyCS.AnalyzerAsync("""
            public sealed class Scorer
            {
                private readonly MLContext _ml = new MLContext();
                private ITransformer Model { get; set; } = null!;

                public float Shared(House house)
                {
                    var engine = _ml.Model.{|#0:CreatePredictionEngine|}<House, PricePrediction>(Model);
                    var score = engine.Predict(house).Score;
                    engine.Dispose();
                    return score;
                }

                public float Owned(IDataView data, House house)
                {
                    var engine = _ml.Model.{|#1:CreatePredictionEngine|}<House, PricePrediction>(_ml.Regression.Trainers.Sdca(labelColumnName: "Price").Fit(data));
                    return engine.Predict(house).Score;
                }
            }
            """ + Types,
            Lifetime(0, "The engine is disposed, and it owns model 'Model' (a property): disposing it disposes the shared model for every later caller; create it with new PredictionEngineOptions { OwnsTransformer = false }"),
            Lifetime(1, "Engine 'engine' over model '_ml.Regression.Trainers.Sdca(labelColumnName: \"Price\").Fit(data)', which this method creates, is never disposed: its buffers (native memory for ONNX and TensorFlow models) outlive the call; declare it with 'using'"));

    [Fact]
    public Task Correct_lifetimes_and_escaping_engines_or_models_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public sealed class Correct
            {
                private readonly MLContext _ml = new MLContext();
                private ITransformer _model = null!;
                private PredictionEngine<House, PricePrediction>? _kept;

                public float NotOwned(House house)
                {
                    using var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(_model, new PredictionEngineOptions { OwnsTransformer = false });
                    return engine.Predict(house).Score;
                }

                public float OwnedAndDisposed(string path, House house)
                {
                    var model = _ml.Model.Load(path, out _);
                    using var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    return engine.Predict(house).Score;
                }

                // Not disposed, and right so: disposing would dispose the shared model.
                public float SharedNotDisposed(House house) => _ml.Model.CreatePredictionEngine<House, PricePrediction>(_model).Predict(house).Score;

                public PredictionEngine<House, PricePrediction> Returned(string path)
                {
                    var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(_ml.Model.Load(path, out _));
                    return engine;
                }

                public void Stored(string path) 
                {
                    var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(_ml.Model.Load(path, out _));
                    _kept = engine;
                }

                // The model leaves the method: disposing the engine would dispose it.
                public ITransformer ModelEscapes(IDataView data, House house)
                {
                    var model = _ml.Regression.Trainers.Sdca(labelColumnName: "Price").Fit(data);
                    var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    engine.Predict(house);
                    return model;
                }

                public float Parameter(ITransformer model, House house)
                {
                    var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    return engine.Predict(house).Score;
                }
            }
            """ + Types);

    /// <summary>ML.NET 5.0.1: by default, disposing an engine disposes its model; with OwnsTransformer = false it does not.</summary>
    [Fact]
    public void Ground_truth_engine_disposal_reaches_the_model_unless_not_owned()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        var owned = new Probe();
        ml.Model.CreatePredictionEngine<MlNet.House, MlNet.House>(new ProbeTransformer(ml, owned)).Dispose();
        Assert.True(owned.Disposed);

        var kept = new Probe();
        ml.Model.CreatePredictionEngine<MlNet.House, MlNet.House>(new ProbeTransformer(ml, kept), new Microsoft.ML.PredictionEngineOptions { OwnsTransformer = false }).Dispose();
        Assert.False(kept.Disposed);
        _ = data;
    }

    private sealed class Probe
    {
        public bool Disposed { get; set; }
    }

    /// <summary>A pass-through transformer (a real ML.NET one underneath) that records its disposal.</summary>
    private sealed class ProbeTransformer : Microsoft.ML.ITransformer, IDisposable
    {
        private readonly Microsoft.ML.ITransformer _inner;
        private readonly Probe _probe;

        public ProbeTransformer(Microsoft.ML.MLContext ml, Probe probe)
        {
            _inner = ml.Transforms.CopyColumns("Copy", "Size").Fit(MlNet.Houses(ml));
            _probe = probe;
        }

        public bool IsRowToRowMapper => _inner.IsRowToRowMapper;

        public Microsoft.ML.DataViewSchema GetOutputSchema(Microsoft.ML.DataViewSchema inputSchema) => _inner.GetOutputSchema(inputSchema);

        public Microsoft.ML.Data.IRowToRowMapper GetRowToRowMapper(Microsoft.ML.DataViewSchema inputSchema) => _inner.GetRowToRowMapper(inputSchema);

        public void Save(Microsoft.ML.ModelSaveContext ctx) => _inner.Save(ctx);

        public Microsoft.ML.IDataView Transform(Microsoft.ML.IDataView input) => _inner.Transform(input);

        public void Dispose() => _probe.Disposed = true;
    }
}
