using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.NondeterministicTrainerUnderSeedAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.NondeterministicTrainerUnderSeedAnalyzer, MlCodeGuard.CodeFixes.NondeterministicTrainerUnderSeedCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class NondeterministicTrainerUnderSeedAnalyzerTests
{
    // ml#5754: "Non-deterministic SdcaLogisticRegression results when using fixed seeds".
    [Fact]
    public Task Ml5754_sdca_under_a_seeded_context()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static ITransformer Train(IDataView data)
                {
                    var context = new MLContext(seed: 0);
                    var split = context.Data.TrainTestSplit(data, testFraction: 0.1, seed: 0);
                    var trainer = context.BinaryClassification.Trainers.{|MLG1003:SdcaLogisticRegression|}();
                    return trainer.Fit(split.TrainSet);
                }
            }
            """);

    [Fact]
    public Task Message_says_what_is_missing()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { NumberOfThreads = 1 }).Fit(data);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.NondeterministicTrainerUnderSeed)
                .WithSpan(14, 32, 14, 40)
                .WithArguments("LightGbm", "Deterministic is not set"));

    // ml#5434 and ml#7326: LightGBM varies between runs under a seed; a Seed option alone does not help.
    [Fact]
    public Task Ml7326_lightgbm_with_only_a_seed_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    ml.BinaryClassification.Trainers.{|MLG1003:LightGbm|}(new LightGbmBinaryTrainer.Options { Seed = 1 }).Fit(data);
                    ml.BinaryClassification.Trainers.{|MLG1003:LightGbm|}(new LightGbmBinaryTrainer.Options { Deterministic = true }).Fit(data);
                    ml.MulticlassClassification.Trainers.{|MLG1003:LightGbm|}().Fit(data);
                    ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { Deterministic = true, NumberOfThreads = 1 }).Fit(data);
                }
            }
            """);

    [Fact]
    public Task Every_multithreaded_trainer_family_is_covered()
        => VerifyCS.AnalyzerAsync("""
            public sealed class Training
            {
                private readonly MLContext _ml = new MLContext(seed: 3);

                public void Train(IDataView data)
                {
                    _ml.Regression.Trainers.{|MLG1003:Sdca|}();
                    _ml.BinaryClassification.Trainers.{|MLG1003:SdcaNonCalibrated|}();
                    _ml.MulticlassClassification.Trainers.{|MLG1003:SdcaMaximumEntropy|}();
                    _ml.Regression.Trainers.{|MLG1003:FastTree|}();
                    _ml.Regression.Trainers.{|MLG1003:FastTreeTweedie|}();
                    _ml.BinaryClassification.Trainers.{|MLG1003:FastForest|}();
                    _ml.Regression.Trainers.{|MLG1003:Gam|}();
                    _ml.Ranking.Trainers.{|MLG1003:FastTree|}();
                    _ml.BinaryClassification.Trainers.{|MLG1003:FastTree|}(new FastTreeBinaryTrainer.Options { NumberOfThreads = 4 });
                }
            }
            """);

    [Fact]
    public Task Deterministic_configurations_are_not_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Train(IDataView data, SdcaRegressionTrainer.Options fromCaller, int threads)
                {
                    var ml = new MLContext(seed: 1);
                    ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });
                    ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfThreads = 1, NumberOfTrees = 10 });
                    var options = new GamRegressionTrainer.Options();
                    options.NumberOfThreads = 1;
                    ml.Regression.Trainers.Gam(options);
                    ml.Regression.Trainers.Sdca(fromCaller);
                    ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = threads });
                    ml.Regression.Trainers.LbfgsPoissonRegression();
                    ml.BinaryClassification.Trainers.AveragedPerceptron();
                }
            }
            """);

    [Fact]
    public Task Unseeded_or_unknown_contexts_are_left_to_other_rules()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Train(MLContext fromCaller, IDataView data)
                {
                    var ml = new MLContext();
                    ml.Regression.Trainers.Sdca().Fit(data);
                    fromCaller.Regression.Trainers.FastTree().Fit(data);
                }
            }
            """);

    [Fact]
    public Task Fix_sets_threads_on_an_options_object()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    ml.BinaryClassification.Trainers.{|MLG1003:FastTree|}(new FastTreeBinaryTrainer.Options { NumberOfTrees = 50 });
                    ml.BinaryClassification.Trainers.{|MLG1003:FastForest|}(new FastForestBinaryTrainer.Options { NumberOfThreads = 8 });
                    ml.Regression.Trainers.{|MLG1003:Sdca|}(new SdcaRegressionTrainer.Options());
                    ml.Regression.Trainers.{|MLG1003:FastTreeTweedie|}(new FastTreeTweedieTrainer.Options { });
                    var options = new GamRegressionTrainer.Options
                    {
                        LabelColumnName = "Fare",
                        NumberOfIterations = 100,
                    };
                    ml.Regression.Trainers.{|MLG1003:Gam|}(options);
                }
            }
            """, """
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = 50, NumberOfThreads = 1 });
                    ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options { NumberOfThreads = 1 });
                    ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options() { NumberOfThreads = 1 });
                    ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options { NumberOfThreads = 1 });
                    var options = new GamRegressionTrainer.Options
                    {
                        LabelColumnName = "Fare",
                        NumberOfIterations = 100,
                        NumberOfThreads = 1,
                    };
                    ml.Regression.Trainers.Gam(options);
                }
            }
            """);

    [Fact]
    public Task Fix_rewrites_a_simple_overload_to_options()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    ml.Regression.Trainers.{|MLG1003:FastTree|}(labelColumnName: "Fare", numberOfTrees: 50);
                    ml.BinaryClassification.Trainers.{|MLG1003:SdcaLogisticRegression|}();
                    ml.Regression.Trainers.{|MLG1003:LightGbm|}("Fare");
                }
            }
            """, """
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { LabelColumnName = "Fare", NumberOfTrees = 50, NumberOfThreads = 1 });
                    ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });
                    ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { LabelColumnName = "Fare", Deterministic = true, NumberOfThreads = 1 });
                }
            }
            """);

    [Fact]
    public Task No_fix_when_options_are_also_assigned_elsewhere()
        => VerifyFix.NoFixAsync("""
            public static class Training
            {
                public static void Train(IDataView data)
                {
                    var ml = new MLContext(seed: 1);
                    var options = new SdcaRegressionTrainer.Options();
                    options.NumberOfThreads = 2;
                    ml.Regression.Trainers.{|MLG1003:Sdca|}(options);
                }
            }
            """);
}
