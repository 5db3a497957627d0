using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;
using MlCodeGuard.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Semantics;

/// <summary>
/// The interface checks ask a type's definition (cached per compilation) instead of the constructed type's own interface
/// list: they must answer exactly what the constructed type's <c>AllInterfaces</c> says, for every kind of type a rule
/// can meet (constructed ML.NET generics, user generics, type parameters, interfaces, arrays, BCL collections).
/// </summary>
public class MlTypesTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;

        public class Row { [LoadColumn(0)] public float X { get; set; } [LoadColumn(1)] public float Label { get; set; } }

        // User generics: implement the interfaces through a type argument, a base type, or not at all.
        public class Wrapper<T> : IEstimator<T> where T : class, ITransformer
        {
            public T Fit(IDataView input) => null!;
            public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
        }

        public class DerivedChain<T> : Wrapper<T> where T : class, ITransformer { }

        public sealed class Holder<T> { public T Value = default!; }

        public static class C
        {
            public static void M<TEstimator, TData, TPlain>(MLContext ml, IDataView data, TEstimator estimator, TData view, TPlain plain, dynamic anything)
                where TEstimator : IEstimator<ITransformer>
                where TData : IDataView
            {
                var loaded = ml.Data.LoadFromTextFile<Row>("rows.csv");
                var chain = ml.Transforms.Concatenate("Features", "X")
                    .Append(ml.Transforms.NormalizeMinMax("Features"))
                    .AppendCacheCheckpoint(ml)
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Label"));
                var model = chain.Fit(loaded);
                var transformed = model.Transform(data);
                var sdca = ml.Regression.Trainers.Sdca();
                var sdcaModel = sdca.Fit(transformed);
                var forest = ml.BinaryClassification.Trainers.FastForest();
                var wrapped = new Wrapper<ITransformer>();
                var derived = new DerivedChain<TransformerChain<ITransformer>>();
                var holder = new Holder<IDataView>();
                var list = new List<IEstimator<ITransformer>> { chain, wrapped };
                var array = new[] { data, transformed };
                var split = ml.Data.TrainTestSplit(data);
                IEstimator<ITransformer> asInterface = chain;
                ITransformer asTransformer = model;
                var engine = ml.Model.CreatePredictionEngine<Row, Row>(model);
                object boxed = estimator;
                object o2 = view;
                object o3 = plain!;
                object o4 = anything;
                var s = "text".Length + holder.Value.GetHashCode() + list.Count + array.Length + split.TrainSet.GetHashCode()
                    + asInterface.GetHashCode() + asTransformer.GetHashCode() + engine.GetHashCode() + sdcaModel.GetHashCode()
                    + forest.GetHashCode() + derived.GetHashCode();
            }
        }
        """;

    [Fact]
    public void Interface_checks_on_definitions_answer_as_the_constructed_types_interface_lists_do()
    {
        var compilation = AnalyzerHost.Compile(new[] { Verifiers.MlReferences.Usings + Source });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var types = MlTypes.TryCreate(compilation)!;
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
        var operations = model.GetOperation(method)!.Descendants().ToList();
        var seen = operations.Select(o => o.Type).OfType<ITypeSymbol>().ToList();
        seen.AddRange(operations.OfType<IInvocationOperation>().Select(i => i.TargetMethod.ReturnType));
        var distinct = seen.Distinct<ITypeSymbol>(SymbolEqualityComparer.IncludeNullability).ToList();

        // The kinds the checks must get right are all there.
        Assert.Contains(distinct, t => t is INamedTypeSymbol { IsGenericType: true } n && !SymbolEqualityComparer.Default.Equals(n, n.OriginalDefinition) && Reference(t, types.IEstimator!));
        // Type parameters constrained to the interfaces (Roslyn lists no interfaces for a type parameter: both answer no).
        Assert.Contains(distinct, t => t is ITypeParameterSymbol { Name: "TEstimator" });
        Assert.Contains(distinct, t => t is ITypeParameterSymbol { Name: "TData" });
        Assert.Contains(distinct, t => t.Name == "DerivedChain" && Reference(t, types.IEstimator!));
        Assert.Contains(distinct, t => t.TypeKind == TypeKind.Array);
        Assert.Contains(distinct, t => t.TypeKind == TypeKind.Dynamic);

        var trainers = 0;
        foreach (var type in distinct)
        {
            // Twice: the first answer fills the cache, the second comes from it.
            for (var pass = 0; pass < 2; pass++)
            {
                Assert.True(Reference(type, types.IEstimator!) == types.ImplementsEstimator(type), $"ImplementsEstimator({type})");
                Assert.True(Reference(type, types.IDataView!) == types.IsDataView(type), $"IsDataView({type})");
                Assert.True(Reference(type, types.ITransformer!) == MlApi.IsTransformerType(type, types), $"IsTransformerType({type})");
                var trainer = IsTrainerInterface(type) || type.AllInterfaces.Any(IsTrainerInterface);
                Assert.True(trainer == MlApi.IsTrainerType(type), $"IsTrainerType({type})");
                trainers += trainer && pass == 0 ? 1 : 0;
            }
        }

        Assert.True(trainers >= 2, $"only {trainers} trainer types met");
    }

    // What the checks answered before: the type itself, or any interface of the constructed type's own list, whose definition is the interface's.
    private static bool Reference(ITypeSymbol type, INamedTypeSymbol definition)
        => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition)
           || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, definition));

    private static bool IsTrainerInterface(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "ITrainerEstimator", Arity: 2 } && MlTypes.IsFromMlNet(type);
}
