using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Rules;
using MlCodeGuard.CodeFixes;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PredictionEnginePerCallAnalyzer>;
using VerifyApp = MlCodeGuard.Analyzers.Tests.Verifiers.VerifyApp<MlCodeGuard.Analyzers.Rules.PredictionEnginePerCallAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.PredictionEnginePerCallAnalyzer, MlCodeGuard.CodeFixes.PredictionEnginePerCallCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class PredictionEnginePerCallAnalyzerTests
{
    private const string Types = """

        public class Review { public string Text { get; set; } = ""; public bool Label { get; set; } }
        public class Sentiment { public bool PredictedLabel { get; set; } public float Score { get; set; } }
        """;

    private const string LoopEngine = "create the engine once, before the loop, or score the whole batch with model.Transform(ml.Data.LoadFromEnumerable(items))";

    private static DiagnosticResult PerCall(int location, string what, string where, string advice)
        => new DiagnosticResult(Descriptors.PredictionEnginePerCall).WithLocation(location).WithArguments(what, where, advice);

    [Fact]
    public Task Engine_created_in_a_loop_moves_before_it()
        => VerifyFix.FixAsync("""
            public static class Batch
            {
                public static List<Sentiment> Score(MLContext ml, ITransformer model, IEnumerable<Review> reviews)
                {
                    var results = new List<Sentiment>();
                    foreach (var review in reviews)
                    {
                        var engine = ml.Model.{|MLG4002:CreatePredictionEngine|}<Review, Sentiment>(model);
                        results.Add(engine.Predict(review));
                    }

                    return results;
                }
            }
            """ + Types, """
            public static class Batch
            {
                public static List<Sentiment> Score(MLContext ml, ITransformer model, IEnumerable<Review> reviews)
                {
                    var results = new List<Sentiment>();
                    var engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);
                    foreach (var review in reviews)
                    {
                        results.Add(engine.Predict(review));
                    }

                    return results;
                }
            }
            """ + Types);

    /// <summary>
    /// mb#1666: context, model and engine created for every prediction of a loop ran out of memory. Each declaration
    /// moves once the one it depends on is out of the loop: three passes of the fix (or of Fix All).
    /// </summary>
    [Fact]
    public Task ModelBuilder_1666_everything_created_per_iteration_fix_all()
    {
        var test = new CSharpCodeFixTest<PredictionEnginePerCallAnalyzer, PredictionEnginePerCallCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = MlReferences.NoDownload,
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 3,
            TestCode = MlReferences.Usings + """
            public static class Consume
            {
                public static void Run(string modelPath, Review[] reviews)
                {
                    for (var i = 0; i < reviews.Length; i++)
                    {
                        var mlContext = {|MLG4002:new MLContext()|};
                        var mlModel = mlContext.Model.{|MLG4002:Load|}(modelPath, out var schema);
                        var engine = mlContext.Model.{|MLG4002:CreatePredictionEngine|}<Review, Sentiment>(mlModel);
                        Console.WriteLine(engine.Predict(reviews[i]).Score);
                    }
                }
            }
            """ + Types,
            FixedCode = MlReferences.Usings + """
            public static class Consume
            {
                public static void Run(string modelPath, Review[] reviews)
                {
                    var mlContext = new MLContext();
                    var mlModel = mlContext.Model.Load(modelPath, out var schema);
                    var engine = mlContext.Model.CreatePredictionEngine<Review, Sentiment>(mlModel);
                    for (var i = 0; i < reviews.Length; i++)
                    {
                        Console.WriteLine(engine.Predict(reviews[i]).Score);
                    }
                }
            }
            """ + Types,
        };
        test.TestState.AdditionalReferences.AddRange(MlReferences.All);
        test.FixedState.AdditionalReferences.AddRange(MlReferences.All);
        return test.RunAsync();
    }

    [Fact]
    public Task Parallel_body_is_a_loop_but_is_not_hoisted()
        => VerifyFix.NoFixAsync("""
            public static class Batch
            {
                public static void Score(MLContext ml, ITransformer model, Review[] reviews, Sentiment[] results)
                    => System.Threading.Tasks.Parallel.For(0, reviews.Length, i =>
                    {
                        var engine = ml.Model.{|MLG4002:CreatePredictionEngine|}<Review, Sentiment>(model);
                        results[i] = engine.Predict(reviews[i]);
                    });
            }
            """ + Types);

    /// <summary>mb#1419: the generated Predict method built the context, loaded the model and made an engine on every request.</summary>
    [Fact]
    public Task ModelBuilder_1419_controller_action_and_minimal_api_handler()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            public sealed class SentimentController : ControllerBase
            {
                private readonly MLContext _ml;

                public SentimentController() => _ml = {|#0:new MLContext()|};

                [HttpPost]
                public Sentiment Predict(Review input)
                {
                    var model = _ml.Model.{|#1:Load|}("MLModel.zip", out _);
                    var engine = _ml.Model.{|#2:CreatePredictionEngine|}<Review, Sentiment>(model);
                    return engine.Predict(input);
                }

                [NonAction]
                public ITransformer Helper() => _ml.Model.Load("MLModel.zip", out _);
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app, MLContext ml, ITransformer model)
                    => app.MapPost("/predict", (Review input) => ml.Model.{|#3:CreatePredictionEngine|}<Review, Sentiment>(model).Predict(input));
            }
            """ + Types,
            PerCall(0, "new MLContext()", "on every request to controller 'SentimentController' (its constructor runs for every request)", "create one MLContext at start-up and share it"),
            PerCall(1, "Model.Load", "on every request to controller action 'SentimentController.Predict'", "load the model once at start-up (a loaded ITransformer is thread-safe and can be a singleton)"),
            PerCall(2, "CreatePredictionEngine", "on every request to controller action 'SentimentController.Predict'", "load the model once at start-up and rent engines from a pool (PredictionEnginePool, ObjectPool)"),
            PerCall(3, "CreatePredictionEngine", "on every request to the minimal-API handler of 'MapPost'", "load the model once at start-up and rent engines from a pool (PredictionEnginePool, ObjectPool)"));

    [Fact]
    public Task Loop_message_names_the_iteration()
        => VerifyCS.AnalyzerAsync("""
            public static class Batch
            {
                public static void Score(MLContext ml, ITransformer model, Review[] reviews)
                {
                    var i = 0;
                    while (i < reviews.Length)
                    {
                        ml.Model.{|#0:CreatePredictionEngine|}<Review, Sentiment>(model).Predict(reviews[i++]);
                    }
                }
            }
            """ + Types,
            PerCall(0, "CreatePredictionEngine", "on every iteration of the loop", LoopEngine));

    [Fact]
    public Task Loops_over_models_seeds_or_training_and_startup_code_are_not_flagged()
        => VerifyApp.AnalyzerAsync(AppReferences.AspNetCore, """
            using Microsoft.AspNetCore.Mvc;

            public static class Correct
            {
                public static void Run(MLContext ml, string[] modelPaths, IDataView data, IEstimator<ITransformer> pipeline, Review[] reviews)
                {
                    // One engine per model: the argument changes every iteration.
                    foreach (var path in modelPaths)
                    {
                        var model = ml.Model.Load(path, out var schema);
                        var engine = ml.Model.CreatePredictionEngine<Review, Sentiment>(model);
                        engine.Predict(reviews[0]);
                    }

                    // A fresh seeded context per repetition is how repeated experiments stay independent.
                    for (var seed = 0; seed < 5; seed++)
                    {
                        var context = new MLContext(seed: seed);
                        var split = context.Data.TrainTestSplit(data, 0.2);
                        pipeline.Fit(split.TrainSet);
                    }

                    foreach (var review in reviews)
                    {
                        var context = new MLContext(seed: 0);
                        var model = pipeline.Fit(data);
                        context.Model.CreatePredictionEngine<Review, Sentiment>(model).Predict(review);
                    }

                    // Created once, used in the loop.
                    var shared = ml.Model.CreatePredictionEngine<Review, Sentiment>(ml.Model.Load(modelPaths[0], out _));
                    foreach (var review in reviews)
                    {
                        shared.Predict(review);
                    }
                }
            }

            public sealed class TrainingController : ControllerBase
            {
                [HttpPost]
                public string Train(IDataView data)
                {
                    var ml = new MLContext(seed: 0);
                    var model = ml.Transforms.Text.FeaturizeText("Features", "Text").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(data);
                    ml.Model.Save(model, data.Schema, "model.zip");
                    return "ok";
                }
            }

            public sealed class NotAController
            {
                public Sentiment Predict(MLContext ml, ITransformer model, Review input)
                    => ml.Model.CreatePredictionEngine<Review, Sentiment>(model).Predict(input);
            }
            """ + Types);

    [Fact]
    public Task Name_clash_in_the_outer_block_is_not_hoisted()
        => VerifyFix.NoFixAsync("""
            public static class Batch
            {
                public static void Score(MLContext ml, ITransformer model, Review[] reviews)
                {
                    foreach (var review in reviews)
                    {
                        var engine = ml.Model.{|MLG4002:CreatePredictionEngine|}<Review, Sentiment>(model);
                        engine.Predict(review);
                    }

                    {
                        var engine = 1;
                    }
                }
            }
            """ + Types);
}
