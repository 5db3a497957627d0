using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;
using MlCodeGuard.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Semantics;

/// <summary>The provenance graph on its own: what it knows about rows and chains, and where it says "unknown".</summary>
public class ProvenanceGraphTests
{
    private static (ProvenanceGraph Graph, Func<string, IOperation> Argument) Build(string body)
    {
        var source = Verifiers.MlReferences.Usings + """
            public class Row { [LoadColumn(0)] public float X { get; set; } [LoadColumn(1)] public float Label { get; set; } }
            public static class C
            {
                public static void M(MLContext ml, IDataView data, IDataView other, bool flag)
                {
            """ + body + """
                }
                private static void Use(string name, IDataView value) { }
                private static void UseEstimator(string name, IEstimator<ITransformer> value) { }
            }
            """;
        var compilation = AnalyzerHost.Compile(new[] { source });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var types = MlTypes.TryCreate(compilation)!;
        var uses = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "Use" or "UseEstimator" })
            .Select(i => (IInvocationOperation)model.GetOperation(i)!)
            .ToList();
        var graph = ProvenanceGraph.For(uses[0], types);
        Assert.All(uses, u => Assert.Same(graph, ProvenanceGraph.For(u, types)));
        IOperation Argument(string name) => uses.Single(u => (string)u.Arguments[0].Value.ConstantValue.Value! == name).Arguments[1].Value;
        return (graph, Argument);
    }

    private static RowRelation Compare(string body, string a, string b)
    {
        var (graph, argument) = Build(body);
        return RowOverlap.Compare(graph.DataOf(argument(a)), graph.DataOf(argument(b)));
    }

    [Fact]
    public void Transform_shuffle_and_cache_keep_the_rows()
        => Assert.Equal(RowRelation.Same, Compare("""
            var loaded = ml.Data.LoadFromTextFile<Row>("rows.csv");
            var model = ml.Transforms.NormalizeMinMax("X").Fit(loaded);
            IDataView cached = ml.Data.Cache(ml.Data.ShuffleRows(model.Transform(loaded)));
            Use("a", loaded);
            Use("b", cached);
            """, "a", "b"));

    [Fact]
    public void Sides_of_one_split_are_disjoint_and_nested_splits_too()
    {
        const string body = """
            var outer = ml.Data.TrainTestSplit(data, 0.2);
            var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.2);
            Use("train", inner.TrainSet);
            Use("validation", inner.TestSet);
            Use("test", outer.TestSet);
            Use("outerTrain", outer.TrainSet);
            Use("all", data);
            """;
        Assert.Equal(RowRelation.Disjoint, Compare(body, "train", "validation"));
        Assert.Equal(RowRelation.Disjoint, Compare(body, "validation", "test"));
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "outerTrain", "validation"));
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "all", "test"));
    }

    [Fact]
    public void Unknown_is_the_answer_when_the_rows_cannot_be_known()
    {
        const string body = """
            var maybe = data;
            if (flag)
            {
                maybe = other;
            }

            Use("maybe", maybe);
            Use("data", data);
            Use("other", other);
            Use("take", ml.Data.TakeRows(data, 10));
            Use("skip", ml.Data.SkipRows(data, 10));
            Use("call", ml.Data.LoadFromEnumerable(new[] { new Row() }));
            Use("call2", ml.Data.LoadFromEnumerable(new[] { new Row() }));
            """;
        Assert.Equal(RowRelation.Unknown, Compare(body, "maybe", "data"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "data", "other"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "take", "skip"));
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "data", "take"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "call", "call2"));
    }

    [Fact]
    public void Straight_line_reassignment_and_tuples_are_followed()
    {
        const string body = """
            var split = ml.Data.TrainTestSplit(data, 0.2);
            var current = split.TrainSet;
            Use("first", current);
            current = split.TestSet;
            current = ml.Data.Cache(current);
            var (a, b) = (split.TrainSet, current);
            Use("second", current);
            Use("a", a);
            Use("b", b);
            """;
        Assert.Equal(RowRelation.Disjoint, Compare(body, "first", "second"));
        Assert.Equal(RowRelation.Same, Compare(body, "first", "a"));
        Assert.Equal(RowRelation.Same, Compare(body, "second", "b"));
    }

    [Fact]
    public void Transformers_know_their_fit_data_and_estimator_chain()
    {
        var (graph, argument) = Build("""
            var features = ml.Transforms.Concatenate("Features", "X");
            var pipeline = features.AppendCacheCheckpoint(ml).Append(ml.Regression.Trainers.Sdca());
            var split = ml.Data.TrainTestSplit(data, 0.2);
            var model = pipeline.Fit(split.TrainSet);
            Use("scored", model.Transform(split.TestSet));
            UseEstimator("chain", pipeline);
            """);
        var scored = graph.DataOf(argument("scored"));
        var model = Assert.Single(scored.TransformStack());
        Assert.Equal(PartitionSide.Train, model.FittedOn.Side);
        Assert.Equal(new[] { "Concatenate", "Sdca" }, model.Estimator.Steps.Select(s => s.TargetMethod.Name));
        Assert.True(model.Estimator.IsComplete);
        Assert.Equal(RowRelation.Disjoint, RowOverlap.Compare(model.FittedOn, scored));
        Assert.Equal(2, graph.EstimatorOf(argument("chain")).Steps.Length);
    }

    [Fact]
    public void Unions_contain_their_parts_and_are_disjoint_only_from_what_every_part_is_disjoint_from()
    {
        const string body = """
            var outer = ml.Data.TrainTestSplit(data, 0.2);
            var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.2);
            var both = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Row>(inner.TrainSet, false).Concat(ml.Data.CreateEnumerable<Row>(inner.TestSet, false)));
            var withOther = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Row>(inner.TrainSet, false).Concat(ml.Data.CreateEnumerable<Row>(other, false)).ToList());
            var copy = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Row>(outer.TestSet, false));
            Use("both", both);
            Use("withOther", withOther);
            Use("validation", inner.TestSet);
            Use("test", outer.TestSet);
            Use("copy", copy);
            """;
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "both", "validation"));
        Assert.Equal(RowRelation.SecondContainsFirst, Compare(body, "validation", "both"));
        Assert.Equal(RowRelation.Disjoint, Compare(body, "both", "test"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "withOther", "test"));
        Assert.Equal(RowRelation.Same, Compare(body, "copy", "test"));
    }

    [Fact]
    public void Named_files_are_sources_and_several_files_a_union()
    {
        const string body = """
            var loader = ml.Data.CreateTextLoader<Row>(separatorChar: ',');
            Use("a", ml.Data.LoadFromTextFile<Row>("a.csv"));
            Use("a again", loader.Load("a.csv"));
            Use("b", loader.Load("b.csv"));
            Use("ab", loader.Load("a.csv", "b.csv"));
            Use("ab source", loader.Load(new MultiFileSource("a.csv", "b.csv")));
            Use("ab path", ml.Data.LoadFromTextFile<Row>("a.csv+b.csv"));
            Use("wildcard", loader.Load("*.csv"));
            Use("computed", loader.Load(flag ? "a.csv" : "b.csv"));
            """;
        Assert.Equal(RowRelation.Same, Compare(body, "a", "a again"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "a", "b"));
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "ab", "b"));
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "ab source", "a"));
        Assert.Equal(RowRelation.FirstContainsSecond, Compare(body, "ab path", "b"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "wildcard", "a"));
        Assert.Equal(RowRelation.Unknown, Compare(body, "computed", "a"));
    }
}
