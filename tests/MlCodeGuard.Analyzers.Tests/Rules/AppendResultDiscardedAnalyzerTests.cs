using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.ML;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Tests.GroundTruth;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.AppendResultDiscardedAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.AppendResultDiscardedAnalyzer, MlCodeGuard.CodeFixes.AppendResultDiscardedCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class AppendResultDiscardedAnalyzerTests
{
    private static DiagnosticResult Dropped(int location, string method, string what, DiagnosticSeverity severity)
        => new DiagnosticResult(Descriptors.AppendResultDiscarded).WithLocation(location).WithSeverity(severity).WithArguments(method, what);

    [Fact]
    public Task Dropped_transform_is_a_warning_on_the_method_name()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Run(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B");
                    pipeline.{|#0:Append|}(ml.Transforms.NormalizeMinMax("Features"));
                    return pipeline.Fit(data);
                }
            }
            """,
            Dropped(0, "Append", "the step 'NormalizeMinMax'", DiagnosticSeverity.Warning));

    [Fact]
    public Task Dropped_trainer_is_an_error()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Run(MLContext ml, IDataView data)
                {
                    IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "A", "B");
                    pipeline.{|#0:Append|}(ml.Regression.Trainers.Sdca());
                    return pipeline.Fit(data);
                }
            }
            """,
            Dropped(0, "Append", "the trainer 'Sdca'", DiagnosticSeverity.Error));

    [Fact]
    public Task Trainer_held_in_a_local_is_still_a_trainer()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, EstimatorChain<ITransformer> chain)
                {
                    var trainer = ml.BinaryClassification.Trainers.FastTree();
                    chain.{|#0:Append|}(trainer);
                }
            }
            """,
            Dropped(0, "Append", "the trainer 'FastTree'", DiagnosticSeverity.Error));

    [Fact]
    public Task Dropped_cache_checkpoint_and_fluent_statement_are_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, IEstimator<ITransformer> pipeline, IEstimator<ITransformer> custom)
                {
                    pipeline.{|#0:AppendCacheCheckpoint|}(ml);
                    pipeline.Append(ml.Transforms.DropColumns("A")).{|#1:Append|}(custom);
                }
            }
            """,
            Dropped(0, "AppendCacheCheckpoint", "the cache checkpoint", DiagnosticSeverity.Warning),
            Dropped(1, "Append", "the appended estimator", DiagnosticSeverity.Warning));

    [Fact]
    public Task Chains_that_keep_the_result_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Run(MLContext ml, IDataView data, bool normalize)
                {
                    IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "A", "B");
                    if (normalize)
                    {
                        pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax("Features"));
                    }

                    var full = pipeline.AppendCacheCheckpoint(ml).Append(ml.Regression.Trainers.Sdca());
                    var steps = new List<IEstimator<ITransformer>> { pipeline.Append(ml.Transforms.DropColumns("A")) };
                    return Build(pipeline.Append(ml.Regression.Trainers.Sdca())).Fit(data);
                }

                private static IEstimator<ITransformer> Build(IEstimator<ITransformer> e) => e;
            }
            """);

    [Fact]
    public Task Append_methods_that_are_not_ML_NET_chains_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(System.Text.StringBuilder text, IEnumerable<int> numbers)
                {
                    text.Append("x");
                    numbers.Append(1);
                }
            }
            """);

    /// <summary>ml#4333: the trainer was appended in a loop-free `if` without assignment; Evaluate later failed.</summary>
    [Fact]
    public Task Issue_4333_trainer_appended_without_assignment()
        => VerifyCS.AnalyzerAsync("""
            public static class Issue4333
            {
                public static void Run(MLContext mlContext, IDataView trainData, IDataView testData)
                {
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.Concatenate("Features", "A", "B"));
                    pipeline.{|#0:Append|}(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
                    var model = pipeline.Fit(trainData);
                    var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(testData));
                }
            }
            """,
            Dropped(0, "Append", "the trainer 'SdcaMaximumEntropy'", DiagnosticSeverity.Error));

    /// <summary>ml#1402: building a chain step by step as if it were a mutable list.</summary>
    [Fact]
    public Task Issue_1402_chain_built_like_a_list()
        => VerifyCS.AnalyzerAsync("""
            public static class Issue1402
            {
                public static void Run(MLContext ml, string[] columns)
                {
                    var pipeline = new EstimatorChain<ITransformer>();
                    foreach (var column in columns)
                    {
                        pipeline.{|#0:Append|}(ml.Transforms.NormalizeMeanVariance(column));
                    }
                }
            }
            """,
            Dropped(0, "Append", "the step 'NormalizeMeanVariance'", DiagnosticSeverity.Warning));

    [Fact]
    public Task Fix_assigns_the_new_chain_back()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                private static IEstimator<ITransformer> _chain = null!;

                public static void Run(MLContext ml, IEstimator<ITransformer> pipeline)
                {
                    pipeline.{|MLG3012:AppendCacheCheckpoint|}(ml);
                    _chain.{|MLG3012:Append|}(ml.Transforms.NormalizeMinMax("Features")); // keep
                }
            }
            """, """
            public static class Training
            {
                private static IEstimator<ITransformer> _chain = null!;

                public static void Run(MLContext ml, IEstimator<ITransformer> pipeline)
                {
                    pipeline = pipeline.AppendCacheCheckpoint(ml);
                    _chain = _chain.Append(ml.Transforms.NormalizeMinMax("Features")); // keep
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_new_chain_does_not_fit_the_variable()
        => VerifyFix.NoFixAsync("""
            public static class Training
            {
                public static void Run(MLContext ml)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "A", "B");
                    pipeline.{|MLG3012:Append|}(ml.Transforms.NormalizeMinMax("Features"));
                    pipeline.Append(ml.Transforms.DropColumns("A")).{|MLG3012:Append|}(ml.Transforms.DropColumns("B"));
                }
            }
            """);

    /// <summary>Ground truth for the Error: the dropped trainer leaves no Score column, and Evaluate throws.</summary>
    [Fact]
    public void Ml_net_fails_when_the_trainer_is_dropped_and_runs_when_it_is_kept()
    {
        var ml = MlNet.Context();
        var data = MlNet.Houses(ml);
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
            .Append(ml.Transforms.CopyColumns("Label", "Price"));
        var dropped = pipeline;
        dropped.Append(ml.Regression.Trainers.Sdca());
        var failure = MlNet.Failure(() => ml.Regression.Evaluate(dropped.Fit(data).Transform(data)));
        Assert.NotNull(failure);
        Assert.Contains("Score column 'Score' not found", failure);

        var kept = pipeline;
        kept = kept.Append(ml.Regression.Trainers.Sdca());
        Assert.Null(MlNet.Failure(() => ml.Regression.Evaluate(kept.Fit(data).Transform(data))));
    }
}
