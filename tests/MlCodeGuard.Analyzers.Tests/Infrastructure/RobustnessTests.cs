using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// Every analyzer over malformed and half-typed ML.NET code never throws. The corpus is mutated with a seeded
/// generator (truncation, deleted tokens, lines and arguments, renamed identifiers, stray punctuation), so a failure
/// reproduces. Analyzers are discovered by reflection: later rules join automatically.
/// </summary>
public class RobustnessTests
{
    private const int MutantsPerFile = 60;

    public static IEnumerable<object[]> CorpusFiles() => Directory
        .GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.cs")
        .OrderBy(p => p, StringComparer.Ordinal)
        .Select(p => new object[] { Path.GetFileName(p) });

    /// <summary>Half-typed code as it is in the editor between keystrokes.</summary>
    public static IEnumerable<object[]> HalfTyped() => new[]
    {
        "class C { void M() { var ml = new MLContext(",
        "class C { void M() { var ml = new MLContext(seed: ); ml.Data.TrainTestSplit( } }",
        "class C { void M(IDataView d) { var ml = new MLContext(); ml.Data.TrainTestSplit(d, seed: ) } }",
        "class C { void M(IDataView d) { new MLContext(1).Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfThreads = }); } }",
        "class C { void M(IDataView d) { new MLContext(1).Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { Nope = 1 }).Fit(d); } }",
        "class C { MLContext ml = new MLContext(unknownSeed); void M(IDataView d) => ml.Data.ShuffleRows(d); }",
        "class C { void M(IDataView d) { Unknown.Context.Data.TrainTestSplit(d); undefined.Fit(d); } }",
        "class C { void M(IDataView d) { var ml = new MLContext(); var (a, b) = (ml, ml); a.Data.ShuffleRows(d); } }",
        "class C { void M(IDataView d) { MLContext ml; ml.Data.ShuffleRows(d); ml = new(); ml.Regression.Trainers.LightGbm().Fit(d); } }",
        "class C { static MLContext P => P; void M(IDataView d) => P.Data.ShuffleRows(d); }",
        "class C { MLContext A = B; static MLContext B = A; void M(IDataView d) { A.Data.ShuffleRows(d); B.Regression.Trainers.Sdca().Fit(d); } }",
        "class C { void M(IDataView d) { foreach (var ml in new[] { new MLContext() }) ml.Data.ShuffleRows(d); } }",
        "class C { void M(IDataView d) { var ml = new MLContext(); Action a = () => ml.Regression.Trainers.Gam(null!).Fit(d); } }",
        "class C<T> where T : MLContext { void M(T ml, IDataView d) { ml.Data.TrainTestSplit(d); ml.Regression.Trainers.Sdca(). } }",
        "partial class P { void M(IDataView d) => ml.Data.ShuffleRows(d); } partial class P { MLContext ml = new MLContext(); }",
        "var ml = new MLContext(); ml.Data.TrainTestSplit(",
        "using Microsoft.ML; new MLContext().Data.",
        "[MlCodeGuard.Runtime.MlModel<C, C>(new[] { \"a\" }, Version = 1)] partial class M { } class C { }",
        "[MlCodeGuard.Runtime.MlModel<,>(\"models/m.zip\")] partial class M { }",
        "[MlCodeGuard.Runtime.MlModel<Missing, C>(\"models/m.zip\", Version = )] partial class M<T> { } class C { }",
        "[MlCodeGuard.Runtime.MlModel<C, C>(] class M { } class C { public float[] X; [VectorType(0, -1)] public float[] Y; }",
        "[MlCodeGuard.Runtime.MlModel<C, C>(null!, Version = null)] static partial class M { } class C { }",
        "class C { static ITransformer T(MLContext ml, IDataView d) => T(ml, d); void M(MLContext ml, IDataView d) { var m = T(ml, d); ml.Regression.Evaluate(m.Transform(d)); } }",
        "class C { static (IDataView, IDataView) S(MLContext ml, IDataView d) => (d, ); void M(MLContext ml, IDataView d) { var (a, b) = S(ml, d); ml.Regression.Trainers.Sdca().Fit(a); } }",
        "class C { static IDataView L(MLContext ml) => ml.Data.LoadFromTextFile<C>(\"a+\" + ); void M(MLContext ml) { var x = L(ml); ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<C>(x, false).Concat( )); } }",
        "partial class P { static partial IDataView L(MLContext ml); void M(MLContext ml) => ml.Regression.Evaluate(L(ml)); } partial class P { static partial IDataView L(MLContext ml) => ml.Data.LoadFromBinary(new MultiFileSource()); }",
        "class C { static ITransformer T<X>(MLContext ml, IDataView d, X x) => ml.Regression.Trainers.Sdca().Fit(d); void M(MLContext ml, IDataView d) { ml.Regression.Evaluate(T<int>(ml, d, 1).Transform(d)); ml.Regression.Evaluate(T(ml, d: d).Transform(d)); } }",
        "class C { static void E(MLContext ml, ITransformer m, IDataView d) => ml.Regression.Evaluate(m.Transform(d)); void M(MLContext ml, IDataView d) { E(ml, null, d); E(ml, ml.Regression.Trainers.Sdca().Fit(d), ); var l = ml.Data.CreateTextLoader<C>(); l.Load(\"a\", null, \"a\"); } }",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(HalfTyped))]
    public async Task Half_typed_code_never_makes_an_analyzer_throw(string snippet)
    {
        var compilation = AnalyzerHost.Compile(new[] { Verifiers.MlReferences.Usings + snippet }, kind: OutputKind.ConsoleApplication);
        var result = await AnalyzerHost.RunAsync(compilation);
        Assert.Empty(result.Exceptions);

        // And the build's way of ending a type (no symbol-start scopes; counts that half-typed code may not reach).
        var build = await AnalyzerHost.RunAsync(compilation, build: true);
        Assert.Empty(build.Exceptions);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Mutated_corpus_never_makes_an_analyzer_throw(string file)
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", file));
        var original = await AnalyzerHost.RunAsync(AnalyzerHost.Compile(new[] { source }, kind: OutputKind.ConsoleApplication));
        Assert.Empty(original.Exceptions);

        // The unmutated corpus must actually exercise the rules, or the harness proves nothing.
        Assert.Contains(original.Diagnostics, d => d.Id.StartsWith("MLG", StringComparison.Ordinal));

        // A stable seed per file (string.GetHashCode is randomized per process).
        var random = new Random(file.Aggregate(20261126, (hash, c) => unchecked(hash * 31 + c)));
        var failures = new List<string>();
        var index = 0;
        foreach (var mutant in Mutants(source, random).Take(MutantsPerFile))
        {
            // Every other mutant the way a build runs the analyzer (TypeScope without symbol-start scopes).
            var build = index++ % 2 == 1;
            var result = await AnalyzerHost.RunAsync(AnalyzerHost.Compile(new[] { mutant.Text }, kind: OutputKind.ConsoleApplication), build: build);
            failures.AddRange(result.Exceptions.Select(e => (build ? "[build] " : "") + mutant.Description + ": " + e));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(3)));
    }

    private sealed record Mutant(string Description, string Text);

    private static IEnumerable<Mutant> Mutants(string source, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var tokens = root.DescendantTokens().ToArray();
        var arguments = root.DescendantNodes().OfType<ArgumentSyntax>().ToArray();
        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToArray();
        var lines = source.Split('\n');
        while (true)
        {
            switch (random.Next(6))
            {
                case 0:
                    {
                        var at = random.Next(source.Length);
                        yield return new Mutant($"truncated at {at}", source.Substring(0, at));
                        break;
                    }

                case 1:
                    {
                        var token = tokens[random.Next(tokens.Length)];
                        yield return new Mutant($"token '{token.Text}' at {token.SpanStart} deleted", source.Remove(token.SpanStart, token.Span.Length));
                        break;
                    }

                case 2:
                    {
                        var line = random.Next(lines.Length);
                        yield return new Mutant($"line {line + 1} deleted", string.Join('\n', lines.Where((_, i) => i != line)));
                        break;
                    }

                case 3 when arguments.Length > 0:
                    {
                        var argument = arguments[random.Next(arguments.Length)];
                        yield return new Mutant($"argument '{argument}' deleted", source.Remove(argument.SpanStart, argument.Span.Length));
                        break;
                    }

                case 4:
                    {
                        var identifier = identifiers[random.Next(identifiers.Length)];
                        yield return new Mutant($"identifier '{identifier.Text}' renamed", source.Remove(identifier.SpanStart, identifier.Span.Length).Insert(identifier.SpanStart, "Unresolved" + random.Next(100)));
                        break;
                    }

                default:
                    {
                        var at = random.Next(source.Length);
                        var junk = new[] { "(", ")", "{", "}", ".", ",", "new ", "seed: ", "null" }[random.Next(9)];
                        yield return new Mutant($"'{junk}' inserted at {at}", source.Insert(at, junk));
                        break;
                    }
            }
        }
    }
}
