using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using MlCodeGuard.Analyzers.Tests.Verifiers;
using MlCodeGuard.CodeFixes;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.SharedPredictionEngineAnalyzer>;
using VerifyApp = MlCodeGuard.Analyzers.Tests.Verifiers.VerifyApp<MlCodeGuard.Analyzers.Rules.SharedPredictionEngineAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class SharedPredictionEngineAnalyzerTests
{
    private const string Types = """

        public class Review { public string Text { get; set; } = ""; }
        public class Sentiment { public bool PredictedLabel { get; set; } public float Score { get; set; } }
        """;

    private static DiagnosticResult Shared(int location, string why, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
        => new DiagnosticResult(Descriptors.SharedPredictionEngine).WithLocation(location).WithSeverity(severity).WithArguments(why);

    [Fact]
    public Task Static_field_and_auto_property_are_warnings_outside_web_apps()
        => VerifyCS.AnalyzerAsync("""
            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext();
                public static PredictionEngine<Review, Sentiment> {|#0:Engine|} { get; set; }
                private static PredictionEngine<Review, Sentiment> {|#1:_engine|};

                public static void Init(ITransformer model) => _engine = Ml.Model.CreatePredictionEngine<Review, Sentiment>(model);

                public static Sentiment Predict(Review review) => _engine.Predict(review);
            }
            """ + Types,
            Shared(0, "is stored in static property 'Engine'"),
            Shared(1, "is stored in static field '_engine'"));

    /// <summary>mb#1419 (and the code behind ml#5582): Model Builder's generated ConsumeModel class keeps a static Lazy engine.</summary>
    [Fact]
    public Task ModelBuilder_1419_generated_static_lazy_engine()
        => VerifyCS.AnalyzerAsync("""
            public class ConsumeModel
            {
                private static Lazy<PredictionEngine<Review, Sentiment>> {|#0:PredictionEngine|} = new Lazy<PredictionEngine<Review, Sentiment>>(CreatePredictionEngine);

                public static Sentiment Predict(Review input) => PredictionEngine.Value.Predict(input);

                public static PredictionEngine<Review, Sentiment> CreatePredictionEngine()
                {
                    var mlContext = new MLContext();
                    ITransformer mlModel = mlContext.Model.Load("MLModel.zip", out var modelInputSchema);
                    return mlContext.Model.CreatePredictionEngine<Review, Sentiment>(mlModel);
                }
            }
            """ + Types,
            Shared(0, "is shared through static Lazy field 'PredictionEngine'"));

    [Fact]
    public Task In_an_AspNetCore_app_the_same_static_is_an_error()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            public static class Scorer
            {
                public static PredictionEngine<Review, Sentiment> {|#0:Engine|};
            }
            """ + Types,
            Shared(0, "is stored in static field 'Engine'", DiagnosticSeverity.Error));

    /// <summary>ml#1718, docs#11477: the engine registered as a singleton in an ASP.NET Core app.</summary>
    [Fact]
    public Task Issue_1718_engine_registered_as_a_singleton_in_a_web_app()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder, MLContext ml, ITransformer model)
                {
                    builder.Services.{|#0:AddSingleton|}(ml.Model.CreatePredictionEngine<Review, Sentiment>(model));
                    builder.Services.{|#1:AddSingleton|}(sp => ml.Model.CreatePredictionEngine<Review, Sentiment>(model));
                    builder.Services.AddSingleton(model); // the model is thread-safe
                    builder.Services.AddTransient(sp => ml.Model.CreatePredictionEngine<Review, Sentiment>(model));
                }
            }
            """ + Types,
            Shared(0, "is registered as a singleton service ('AddSingleton'): every request resolves the same instance", DiagnosticSeverity.Error),
            Shared(1, "is registered as a singleton service ('AddSingleton'): every request resolves the same instance", DiagnosticSeverity.Error));

    [Fact]
    public Task Singleton_registration_in_a_worker_without_AspNetCore_stays_a_warning()
        => VerifyApp.AnalyzerAsync(AppReferences.GenericHost, """
            using Microsoft.Extensions.DependencyInjection;

            public static class Registration
            {
                public static void Add(IServiceCollection services, MLContext ml, ITransformer model)
                    => services.{|#0:AddSingleton|}<PredictionEngine<Review, Sentiment>>(sp => ml.Model.CreatePredictionEngine<Review, Sentiment>(model));
            }
            """ + Types,
            Shared(0, "is registered as a singleton service ('AddSingleton'): every request resolves the same instance"));

    /// <summary>ml#598 and kdcllc/Bet.AspNetCore#23: a service cached as a singleton keeps the engine in a field for every request.</summary>
    [Fact]
    public Task Issue_598_field_of_a_singleton_service()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public interface ILanguageModel { Sentiment Predict(Review review); }

            public sealed class LanguageModel : ILanguageModel
            {
                private readonly PredictionEngine<Review, Sentiment> {|#0:_engine|};

                public LanguageModel(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);

                public Sentiment Predict(Review review) => _engine.Predict(review);
            }

            public sealed class PerRequestModel
            {
                private readonly PredictionEngine<Review, Sentiment> _engine;

                public PerRequestModel(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);

                public Sentiment Predict(Review review) => _engine.Predict(review);
            }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddSingleton<ILanguageModel, LanguageModel>();
                    builder.Services.AddScoped<PerRequestModel>();
                }
            }
            """ + Types,
            Shared(0, "is stored in field '_engine' of 'LanguageModel', which is registered as a singleton service", DiagnosticSeverity.Error));

    [Fact]
    public Task Parallel_ForEach_and_PLINQ_capturing_one_engine()
        => VerifyCS.AnalyzerAsync("""
            public static class Batch
            {
                public static void Run(MLContext ml, ITransformer model, Review[] reviews, Sentiment[] results)
                {
                    var engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);
                    System.Threading.Tasks.Parallel.For(0, reviews.Length, i => results[i] = {|#0:engine|}.Predict(reviews[i]));
                    var all = reviews.AsParallel().Select(r => {|#1:engine|}.Predict(r)).ToList();
                }
            }
            """ + Types,
            Shared(0, "'engine' is captured by Parallel.For, whose delegates run on several threads at once"),
            Shared(1, "'engine' is captured by the PLINQ query's 'Select', whose delegates run on several threads at once"));

    /// <summary>ml#5582: one Task.Run per review, all predicting with the same engine.</summary>
    [Fact]
    public Task Issue_5582_task_run_per_item()
        => VerifyCS.AnalyzerAsync("""
            using System.Threading.Tasks;

            public sealed class Program
            {
                private readonly PredictionEngine<Review, Sentiment> _engine;

                public Program(PredictionEngine<Review, Sentiment> engine) => _engine = engine;

                public async Task<Sentiment[]> MainAsync(string[] toPredict)
                {
                    var resultTasks = new Task<Sentiment>[toPredict.Length];
                    for (int i = 0; i < toPredict.Length; i++)
                    {
                        var review = new Review { Text = toPredict[i] };
                        resultTasks[i] = Task.Run(() => {|#0:_engine|}.Predict(review));
                    }

                    var more = toPredict.Select(t => Task.Run(() => {|#1:_engine|}.Predict(new Review { Text = t })));
                    return await Task.WhenAll(resultTasks);
                }
            }
            """ + Types,
            Shared(0, "'_engine' is captured by Task.Run started for every item, whose delegates run on several threads at once"),
            Shared(1, "'_engine' is captured by Task.Run started for every item, whose delegates run on several threads at once"));

    [Fact]
    public Task Per_thread_and_pooled_engines_are_not_flagged()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            using System.Threading;
            using Microsoft.Extensions.ObjectPool;

            public static class PerThread
            {
                private static readonly MLContext Ml = new MLContext();
                private static ITransformer _model = null!;
                private static readonly ThreadLocal<PredictionEngine<Review, Sentiment>> Engines =
                    new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => Ml.Model.CreatePredictionEngine<Review, Sentiment>(_model));

                [ThreadStatic]
                private static PredictionEngine<Review, Sentiment>? _threadEngine;

                private static ObjectPool<PredictionEngine<Review, Sentiment>> _pool = null!;

                public static Sentiment Predict(Review review) => Engines.Value!.Predict(review);

                public static Sentiment PredictStatic(Review review)
                    => (_threadEngine ??= Ml.Model.CreatePredictionEngine<Review, Sentiment>(_model)).Predict(review);

                public static Sentiment PredictPooled(Review review)
                {
                    var engine = _pool.Get();
                    try { return engine.Predict(review); }
                    finally { _pool.Return(engine); }
                }
            }
            """ + Types);

    [Fact]
    public Task Microsoft_Extensions_ML_pool_in_a_singleton_and_engines_in_a_controller_are_not_flagged()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;

            public sealed class SentimentService
            {
                private readonly PredictionEnginePool<Review, Sentiment> _pool;

                public SentimentService(PredictionEnginePool<Review, Sentiment> pool) => _pool = pool;

                public Sentiment Predict(Review review) => _pool.Predict(review);
            }

            [ApiController]
            public sealed class SentimentController : ControllerBase
            {
                // A controller is created for every request: the engine is not shared.
                private readonly PredictionEngine<Review, Sentiment> _engine;

                public SentimentController(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);

                [HttpPost]
                public Sentiment Post(Review review) => _engine.Predict(review);
            }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<SentimentService>();
            }

            namespace Microsoft.Extensions.ML
            {
                // The shape of Microsoft.Extensions.ML's pool (the package is not referenced by these tests).
                public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new()
                {
                    public TPrediction Predict(TData example) => new TPrediction();
                }
            }
            """ + Types);

    [Fact]
    public Task Locals_locked_statics_factories_and_single_tasks_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            using System.Threading.Tasks;

            public static class Correct
            {
                private static readonly object Gate = new object();
                private static PredictionEngine<Review, Sentiment> _engine = null!;
                private static ITransformer _model = null!;
                private static readonly MLContext Ml = new MLContext();

                // A new engine on every read: nothing is stored.
                public static PredictionEngine<Review, Sentiment> Fresh => Ml.Model.CreatePredictionEngine<Review, Sentiment>(_model);

                public static Sentiment Locked(Review review)
                {
                    lock (Gate)
                    {
                        return _engine.Predict(review);
                    }
                }

                public static void Batch(Review[] reviews, Sentiment[] results)
                {
                    Parallel.For(0, reviews.Length, i =>
                    {
                        var engine = Ml.Model.CreatePredictionEngine<Review, Sentiment>(_model);
                        results[i] = engine.Predict(reviews[i]);
                    });

                    var local = Ml.Model.CreatePredictionEngine<Review, Sentiment>(_model);
                    Parallel.For(0, reviews.Length, i => { lock (Gate) { results[i] = local.Predict(reviews[i]); } });
                }

                public static async Task<Sentiment> Offload(Review review)
                {
                    var engine = Ml.Model.CreatePredictionEngine<Review, Sentiment>(_model);
                    return await Task.Run(() => engine.Predict(review));
                }
            }
            """ + Types);

    [Fact]
    public Task Without_ml_net_nothing_is_reported()
        => VerifyCS.WithoutMlNetAsync("""
            public static class Plain
            {
                public static object Engine = new object();
            }
            """);

    // ---- Code fix: one engine per thread (ThreadLocal) ----

    /// <summary>The test usings with the <c>using System.Threading;</c> the fix adds, where it sorts.</summary>
    private static readonly string UsingsWithThreading = MlReferences.Usings.Replace("using System.Linq;\n", "using System.Linq;\nusing System.Threading;\n", StringComparison.Ordinal);

    /// <summary>
    /// Applies the ThreadLocal fix (one by one and with Fix All) to <paramref name="sources"/> and compares with
    /// <paramref name="fixedSources"/>; <paramref name="addsUsing"/>: the fixed files expect <c>using System.Threading;</c>
    /// among the test usings. Equal sources: the diagnostics are reported but no fix is offered.
    /// </summary>
    private static Task ThreadLocalFixAsync(string[] sources, string[] fixedSources, bool addsUsing, ImmutableArray<MetadataReference> app = default)
    {
        var test = new CSharpCodeFixTest<SharedPredictionEngineAnalyzer, SharedPredictionEngineCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = MlReferences.NoDownload,
            CodeActionEquivalenceKey = SharedPredictionEngineCodeFixProvider.ThreadLocalKey,
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalReferences.AddRange(MlReferences.All);
            if (!app.IsDefault)
            {
                state.AdditionalReferences.AddRange(app);
            }
        }

        // Markup in the fixed files marks the diagnostics the fix leaves (the default ignores fixable IDs there).
        test.FixedState.MarkupHandling = MarkupMode.Allow;

        // The shared types go into the first file only.
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(MlReferences.Usings + sources[i] + (i == 0 ? Types : string.Empty));
            test.FixedState.Sources.Add((addsUsing ? UsingsWithThreading : MlReferences.Usings) + fixedSources[i] + (i == 0 ? Types : string.Empty));
        }
        return test.RunAsync();
    }

    private static Task NoThreadLocalFixAsync(string source, ImmutableArray<MetadataReference> app = default)
        => ThreadLocalFixAsync(new[] { source }, new[] { source }, addsUsing: false, app);

    /// <summary>mb#1419's shape without the Lazy: a static engine built in the field initializer, nullable off.</summary>
    [Fact]
    public Task Fix_static_field_initializer_becomes_ThreadLocal_and_adds_the_using()
        => ThreadLocalFixAsync(
            new[]
            {
                """
                public static class ConsumeModel
                {
                    private static readonly MLContext Ml = new MLContext(seed: 1);
                    private static readonly ITransformer Model = Ml.Model.Load("MLModel.zip", out _);
                    private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);

                    public static Sentiment Predict(Review input) => _engine.Predict(input);

                    public static bool IsPositive(string text) => ConsumeModel._engine.Predict(new Review { Text = text }).PredictedLabel;
                }
                """,
            },
            new[]
            {
                """
                public static class ConsumeModel
                {
                    private static readonly MLContext Ml = new MLContext(seed: 1);
                    private static readonly ITransformer Model = Ml.Model.Load("MLModel.zip", out _);
                    private static readonly ThreadLocal<PredictionEngine<Review, Sentiment>> _engine = new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model));

                    public static Sentiment Predict(Review input) => _engine.Value.Predict(input);

                    public static bool IsPositive(string text) => ConsumeModel._engine.Value.Predict(new Review { Text = text }).PredictedLabel;
                }
                """,
            },
            addsUsing: true);

    /// <summary>ml#598 / ml#1718: the engine field of a singleton service, assigned in the constructor, nullable on.</summary>
    [Fact]
    public Task Fix_constructor_assignment_in_a_singleton_gets_a_factory_lambda_and_Value_bang()
        => ThreadLocalFixAsync(
            new[]
            {
                """
                #nullable enable
                using System.Threading;
                using Microsoft.Extensions.DependencyInjection;

                public sealed class SentimentService
                {
                    private readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|};

                    public SentimentService(MLContext ml, string path)
                    {
                        var model = ml.Model.Load(path, out var schema);
                        _engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model, ignoreMissingColumns: false);
                    }

                    public Sentiment Predict(Review review) => _engine.Predict(review);

                    public bool IsPositive(Review review)
                    {
                        var sentiment = this._engine.Predict(review);
                        return sentiment.PredictedLabel;
                    }
                }

                public sealed class Scorer
                {
                    private readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|};

                    public Scorer(MLContext ml, ITransformer model) => this._engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);

                    public float Score(Review review) => _engine.Predict(review).Score;
                }

                public static class Registration
                {
                    public static void Add(IServiceCollection services) => services.AddSingleton<SentimentService>().AddSingleton<Scorer>();
                }
                """,
            },
            new[]
            {
                """
                #nullable enable
                using System.Threading;
                using Microsoft.Extensions.DependencyInjection;

                public sealed class SentimentService
                {
                    private readonly ThreadLocal<PredictionEngine<Review, Sentiment>> _engine;

                    public SentimentService(MLContext ml, string path)
                    {
                        var model = ml.Model.Load(path, out var schema);
                        _engine = new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => ml.Model.CreatePredictionEngine<Review, Sentiment>(model, ignoreMissingColumns: false));
                    }

                    public Sentiment Predict(Review review) => _engine.Value!.Predict(review);

                    public bool IsPositive(Review review)
                    {
                        var sentiment = this._engine.Value!.Predict(review);
                        return sentiment.PredictedLabel;
                    }
                }

                public sealed class Scorer
                {
                    private readonly ThreadLocal<PredictionEngine<Review, Sentiment>> _engine;

                    public Scorer(MLContext ml, ITransformer model) => this._engine = new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => ml.Model.CreatePredictionEngine<Review, Sentiment>(model));

                    public float Score(Review review) => _engine.Value!.Predict(review).Score;
                }

                public static class Registration
                {
                    public static void Add(IServiceCollection services) => services.AddSingleton<SentimentService>().AddSingleton<Scorer>();
                }
                """,
            },
            addsUsing: false,
            AppReferences.GenericHost);

    [Fact]
    public Task Fix_static_constructor_assignment_and_Fix_All_across_two_fields_and_two_documents()
        => ThreadLocalFixAsync(
            new[]
            {
                """
                public static class Reviews
                {
                    private static readonly MLContext Ml = new MLContext(seed: 1);
                    private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:_positive|};
                    private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:_toxic|};

                    static Reviews()
                    {
                        var positive = Ml.Model.Load("positive.zip", out _);
                        var toxic = Ml.Model.Load("toxic.zip", out _);
                        _positive = Ml.Model.CreatePredictionEngine<Review, Sentiment>(positive);
                        _toxic = Ml.Model.CreatePredictionEngine<Review, Sentiment>(toxic);
                    }

                    public static bool Publish(Review review) => _positive.Predict(review).PredictedLabel && !_toxic.Predict(review).PredictedLabel;
                }
                """,
                """
                public static class Ratings
                {
                    private const string Path = "ratings.zip";
                    private static readonly MLContext Ml = new MLContext(seed: 1);
                    private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:Engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Ml.Model.Load(Path, out _));
                    private static readonly ITransformer Model = Ml.Model.Load(Path, out _);
                    private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:Stars|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model, new PredictionEngineOptions { OwnsTransformer = false });

                    public static float Rate(Review review) => Stars.Predict(review).Score + Engine.Predict(review).Score;
                }
                """,
            },
            new[]
            {
                """
                public static class Reviews
                {
                    private static readonly MLContext Ml = new MLContext(seed: 1);
                    private static readonly ThreadLocal<PredictionEngine<Review, Sentiment>> _positive;
                    private static readonly ThreadLocal<PredictionEngine<Review, Sentiment>> _toxic;

                    static Reviews()
                    {
                        var positive = Ml.Model.Load("positive.zip", out _);
                        var toxic = Ml.Model.Load("toxic.zip", out _);
                        _positive = new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => Ml.Model.CreatePredictionEngine<Review, Sentiment>(positive));
                        _toxic = new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => Ml.Model.CreatePredictionEngine<Review, Sentiment>(toxic));
                    }

                    public static bool Publish(Review review) => _positive.Value.Predict(review).PredictedLabel && !_toxic.Value.Predict(review).PredictedLabel;
                }
                """,
                // 'Engine' loads the model in its initializer: a factory would load it once per thread, so it is left alone.
                """
                public static class Ratings
                {
                    private const string Path = "ratings.zip";
                    private static readonly MLContext Ml = new MLContext(seed: 1);
                    private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:Engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Ml.Model.Load(Path, out _));
                    private static readonly ITransformer Model = Ml.Model.Load(Path, out _);
                    private static readonly ThreadLocal<PredictionEngine<Review, Sentiment>> Stars = new ThreadLocal<PredictionEngine<Review, Sentiment>>(() => Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model, new PredictionEngineOptions { OwnsTransformer = false }));

                    public static float Rate(Review review) => Stars.Value.Predict(review).Score + Engine.Predict(review).Score;
                }
                """,
            },
            addsUsing: true);

    [Fact]
    public Task No_fix_when_the_engine_is_passed_out_of_the_type()
        => NoThreadLocalFixAsync("""
            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private static readonly ITransformer Model = Ml.Model.Load("model.zip", out _);
                private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);

                public static Sentiment Predict(Review review) => _engine.Predict(review);

                public static PredictionEngine<Review, Sentiment> Engine() => _engine;
            }
            """);

    [Fact]
    public Task No_fix_when_the_field_is_used_by_ref_or_disposed()
        => NoThreadLocalFixAsync("""
            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private static readonly ITransformer Model = Ml.Model.Load("model.zip", out _);
                private static PredictionEngine<Review, Sentiment> {|MLG4001:_engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);
                private static PredictionEngine<Review, Sentiment> {|MLG4001:_other|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);

                public static Sentiment Predict(Review review) => _engine.Predict(review);

                public static void Close()
                {
                    System.Threading.Interlocked.Exchange(ref _engine, null!)?.Dispose();
                    _other.Dispose();
                }

                public static Sentiment PredictOther(Review review) => _other.Predict(review);
            }
            """);

    [Fact]
    public Task No_fix_when_the_field_is_assigned_in_a_method_or_not_private()
        => NoThreadLocalFixAsync("""
            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private static PredictionEngine<Review, Sentiment> {|MLG4001:_engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Ml.Model.Load("model.zip", out _));
                internal static readonly PredictionEngine<Review, Sentiment> {|MLG4001:Shared|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Ml.Model.Load("model.zip", out _));

                public static void Reload(ITransformer model) => _engine = Ml.Model.CreatePredictionEngine<Review, Sentiment>(model);

                public static Sentiment Predict(Review review) => _engine.Predict(review);
            }
            """);

    [Fact]
    public Task No_fix_when_the_factory_would_read_state_that_changes()
        => NoThreadLocalFixAsync("""
            using Microsoft.Extensions.DependencyInjection;

            public sealed class Reloading
            {
                private ITransformer _model;
                private readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|};

                public Reloading(MLContext ml, ITransformer model)
                {
                    _model = model;
                    _engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(_model);
                }

                public void Swap(ITransformer model) => _model = model;

                public Sentiment Predict(Review review) => _engine.Predict(review);
            }

            public sealed class Conditional
            {
                private readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|};

                public Conditional(MLContext ml, ITransformer model, ITransformer? fallback)
                {
                    if (fallback is not null)
                    {
                        model = fallback;
                    }

                    _engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);
                }

                public Sentiment Predict(Review review) => _engine.Predict(review);
            }

            public static class Registration
            {
                public static void Add(IServiceCollection services) => services.AddSingleton<Reloading>().AddSingleton<Conditional>();
            }
            """,
            AppReferences.GenericHost);

    [Fact]
    public Task No_fix_for_a_conditional_use_a_nullable_field_or_captures()
        => NoThreadLocalFixAsync("""
            #nullable enable

            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private static readonly ITransformer Model = Ml.Model.Load("model.zip", out _);
                private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);
                private static readonly PredictionEngine<Review, Sentiment>? {|MLG4001:_maybe|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);

                public static Sentiment? Predict(Review review) => Rest(_engine)?.Predict(review) ?? _maybe?.Predict(review);

                private static PredictionEngine<Review, Sentiment>? Rest(PredictionEngine<Review, Sentiment> engine) => engine;

                public static void Batch(Review[] reviews, Sentiment[] results)
                {
                    var engine = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);
                    System.Threading.Tasks.Parallel.For(0, reviews.Length, i => results[i] = {|MLG4001:engine|}.Predict(reviews[i]));
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_partial_class_declared_in_two_files()
    {
        const string first = """
            public static partial class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private static readonly ITransformer Model = Ml.Model.Load("model.zip", out _);
                private static readonly PredictionEngine<Review, Sentiment> {|MLG4001:_engine|} = Ml.Model.CreatePredictionEngine<Review, Sentiment>(Model);
            }
            """;
        const string second = """
            public static partial class Scorer
            {
                public static Sentiment Predict(Review review) => _engine.Predict(review);
            }
            """;
        return ThreadLocalFixAsync(new[] { first, second }, new[] { first, second }, addsUsing: false);
    }
}
