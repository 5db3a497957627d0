using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.UnseededSplitOrShuffleAnalyzer>;
using VerifyFix = MlCodeGuard.Analyzers.Tests.Verifiers.Verify<MlCodeGuard.Analyzers.Rules.UnseededSplitOrShuffleAnalyzer, MlCodeGuard.CodeFixes.UnseededSplitOrShuffleCodeFixProvider>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class UnseededSplitOrShuffleAnalyzerTests
{
    [Fact]
    public Task Split_on_an_unseeded_local_context_is_flagged_on_the_method_name()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(IDataView data)
                {
                    var ml = new MLContext();
                    var split = ml.Data
                        .{|MLG1002:TrainTestSplit|}(data, testFraction: 0.2);
                }
            }
            """);

    [Fact]
    public Task Message_says_why_the_context_is_not_seeded()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var shuffled = ml.Data.ShuffleRows(data);
                }
            }
            """,
            new DiagnosticResult(Diagnostics.Descriptors.UnseededSplitOrShuffle)
                .WithSpan(13, 32, 13, 43)
                .WithArguments("ShuffleRows", "not known to be seeded ('ml' is a parameter)"));

    [Fact]
    public Task Every_seedable_operation_is_covered()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(IDataView data)
                {
                    var ml = new MLContext(seed: null);
                    ml.Data.{|MLG1002:TrainTestSplit|}(data);
                    ml.Data.{|MLG1002:CrossValidationSplit|}(data, numberOfFolds: 3);
                    ml.Data.{|MLG1002:ShuffleRows|}(data);
                    ml.Data.{|MLG1002:BootstrapSample|}(data);
                    var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();
                    ml.BinaryClassification.{|MLG1002:CrossValidate|}(data, trainer);
                    ml.BinaryClassification.{|MLG1002:CrossValidateNonCalibrated|}(data, trainer);
                    ml.Regression.{|MLG1002:CrossValidate|}(data, ml.Regression.Trainers.Sdca());
                    ml.Data.{|MLG1002:TrainTestSplit|}(data, 0.2, null, null);
                }
            }
            """);

    [Fact]
    public Task Context_in_a_public_settable_field_is_not_known_to_be_seeded()
        => VerifyCS.AnalyzerAsync("""
            public sealed class Experiment
            {
                public MLContext Context = new MLContext(seed: 1);

                public DataOperationsCatalog.TrainTestData Split(IDataView data) => Context.Data.{|MLG1002:TrainTestSplit|}(data);
            }
            """);

    [Fact]
    public Task Context_from_a_factory_method_is_not_known_to_be_seeded()
        => VerifyCS.AnalyzerAsync("""
            public static class Experiment
            {
                private static MLContext Create() => new MLContext(1);

                public static IDataView Shuffle(IDataView data) => Create().Data.{|MLG1002:ShuffleRows|}(data);
            }
            """);

    [Fact]
    public Task Catalog_kept_in_a_local_is_followed_to_its_context()
        => VerifyCS.AnalyzerAsync("""
            public static class Experiment
            {
                public static void Run(IDataView data)
                {
                    var ml = new MLContext();
                    var catalog = ml.Data;
                    catalog.{|MLG1002:ShuffleRows|}(data);
                    var seeded = new MLContext(3).Data;
                    seeded.ShuffleRows(data);
                }
            }
            """);

    [Fact]
    public Task A_local_that_may_hold_an_unseeded_context_is_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Experiment
            {
                public static void Run(IDataView data, bool reproducible)
                {
                    var ml = new MLContext(seed: 1);
                    if (!reproducible)
                    {
                        ml = new MLContext();
                    }

                    ml.Data.{|MLG1002:TrainTestSplit|}(data);
                }
            }
            """);

    // PR ml#4775: splits fall back to the MLContext seed, so a context known to be seeded needs nothing more.
    [Fact]
    public Task PR4775_seeded_context_supplies_the_split_seed()
        => VerifyCS.AnalyzerAsync("""
            public sealed class Experiment
            {
                private readonly MLContext _ml = new MLContext(seed: 42);
                private static readonly MLContext Shared = new(7);
                private MLContext Auto { get; } = new MLContext(1);
                private readonly MLContext _fromCtor;

                public Experiment() => _fromCtor = new MLContext(seed: 9);

                public void Run(IDataView data)
                {
                    var local = new MLContext(seed: 0);
                    var alias = local;
                    _ml.Data.TrainTestSplit(data, 0.2);
                    Shared.Data.CrossValidationSplit(data);
                    Auto.Data.ShuffleRows(data);
                    _fromCtor.Data.BootstrapSample(data);
                    alias.BinaryClassification.CrossValidate(data, alias.BinaryClassification.Trainers.LbfgsLogisticRegression());
                    var flag = data.Schema.Count > 2;
                    (flag ? local : _ml).Data.ShuffleRows(data);
                }
            }
            """);

    [Fact]
    public Task Readonly_context_of_another_type_is_read_from_its_initializer()
        => VerifyCS.AnalyzerFilesAsync("""
            public static class Contexts
            {
                public static readonly MLContext Seeded = new MLContext(seed: 1);
                public static readonly MLContext Unseeded = new MLContext();
            }
            """, """
            public static class Use
            {
                public static void Run(IDataView data)
                {
                    Contexts.Seeded.Data.ShuffleRows(data);
                    Contexts.Unseeded.Data.{|MLG1002:ShuffleRows|}(data);
                }
            }
            """);

    // ml#5754: the user seeded both the context and the split: nothing to say about the split.
    [Fact]
    public Task Ml5754_explicit_seed_is_never_flagged()
        => VerifyCS.AnalyzerAsync("""
            public static class Training
            {
                public static void Run(MLContext context, IDataView data, int? seed)
                {
                    var split = context.Data.TrainTestSplit(data, testFraction: 0.1, seed: 0);
                    var other = context.Data.ShuffleRows(data, seed);
                    var folds = context.Data.CrossValidationSplit(data, 5, null, 3);
                }
            }
            """);

    [Fact]
    public Task Fix_adds_a_named_seed()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|MLG1002:TrainTestSplit|}(data, testFraction: 0.2);
                    var shuffled = ml.Data.{|MLG1002:ShuffleRows|}(data);
                }
            }
            """, """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
                    var shuffled = ml.Data.ShuffleRows(data, seed: 0);
                }
            }
            """);

    [Fact]
    public Task Fix_replaces_an_explicit_null_seed()
        => VerifyFix.FixAsync("""
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.{|MLG1002:TrainTestSplit|}(data, 0.2, null, null);
                    var folds = ml.Data.{|MLG1002:CrossValidationSplit|}(data, seed: null);
                }
            }
            """, """
            public static class Training
            {
                public static void Run(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, 0.2, null, 0);
                    var folds = ml.Data.CrossValidationSplit(data, seed: 0);
                }
            }
            """);
}
