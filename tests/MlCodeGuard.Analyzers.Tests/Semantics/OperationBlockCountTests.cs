using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Tests.Infrastructure;
using MlCodeGuard.Analyzers.Tests.Verifiers;
using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Semantics;

/// <summary>
/// <see cref="TypeScope"/> ends a type when the driver has analyzed as many operation blocks in it as
/// <see cref="OperationBlockCount"/> predicts. A prediction too low would end a type before its last member (facts
/// missing at the end handlers), one too high would delay the type's end to the compilation's end (no live diagnostic in
/// the IDE). These tests count what the driver actually calls, per type and nested types included, over every shape of
/// declaration C# has and over the repository's own ML.NET sources, and require the prediction to equal it.
/// </summary>
public class OperationBlockCountTests
{
    private const string Shapes = """
        using System;
        using System.ComponentModel;
        using System.Diagnostics.CodeAnalysis;
        using System.Runtime.InteropServices;

        namespace Shapes;

        [Serializable]
        public class WithEverything<[Description("t")] T>
        {
            public int Plain;
            [Obsolete] public int Attributed;
            public int A = 1, B, C = 3;
            [NonSerialized] public int D, E;
            public static readonly int S = 4;
            public const int K = 5;
            public event EventHandler? Changed;
            public event EventHandler? WithInitializer = (s, e) => { };
            public event EventHandler Explicit { add { } remove { } }
            public int Auto { get; set; }
            public int AutoInit { get; set; } = 5;
            [Description("p")] public int AttributedProperty { get; set; }
            public int Arrow => A;
            public int Accessors { get => A; set => A = value; }
            public int InitOnly { get; init; }
            public int GetterBody { get { return A; } }
            public int AttributedAccessor { [Obsolete] get; set; }
            public int this[int i] => i;
            public int this[string s, int d = 2] { get { return d; } set { } }
            public WithEverything() : this(1) { }
            public WithEverything(int x) { A = x; }
            static WithEverything() { }
            ~WithEverything() { }
            public static WithEverything<T> operator +(WithEverything<T> a, WithEverything<T> b) => a;
            public static implicit operator int(WithEverything<T> a) { return a.A; }
            public void Method(int x = 3) { }
            public void ExpressionBody(int y = 4) => Method(y);
            [return: NotNull] public string Returns() => "";
            public void ParameterAttribute([NotNull] string s) { }
            public void Generic<[Description("u")] U>() { }
            private void WithLocals() { int Local() => 1; Func<int> f = () => Local(); f(); }

            public abstract class Nested
            {
                public abstract void M();
                public abstract void N(int z = 1);
                [Obsolete] public abstract void O();
                public abstract int P { get; }
                public class Deeper { public int X = 1; public void M() { } }
            }

            public enum Color { Red, Green = 2, [Description("b")] Blue }
            [Flags] public enum Flags { None = 0, One = 1 }
            public delegate void Plain1(int x);
            public delegate void WithDefault(int x = 1);
            [Obsolete] public delegate void Attributed1();
            public interface IShape { void M(); void Default() { } int P { get; } int Q => 1; static int S = 1; }
            public struct Point { public int X; public Point(int x) { X = x; } }
            public record R(int X, int Y = 2);
            public record R2(int X) : R(X);
            public record struct RS(int X);
            public record Body(int X) { public int Twice => X * 2; }
            public class Primary(int x) { public int X => x; }
            public class PrimaryWithBase(string m) : Exception(m) { }
            public class PrimaryNoCode(int x) { }
            public partial class Part { partial void P1(); public partial int P2(); }
            public partial class Part { partial void P1() { } public partial int P2() => 1; }
            public partial class Split { public int InFirst = 1; }
            public class Empty { }
        }

        public partial class Split { public void InSecond() { } }
        public partial class Generated { public void M() { } }
        public static class Extensions { public static int Twice(this int x) => x * 2; }
        public static class Native { [DllImport("native")] private static extern void External(); private static extern void NoAttribute(); }
        """;

    private const string SecondFile = """
        namespace Shapes;
        public partial class Split { public int More = 2; }
        """;

    private const string GeneratedByName = """
        namespace Shapes;
        public partial class Split { public void FromGenerator() { } }
        public partial class Generated { public int X = 1; }
        """;

    private const string GeneratedByHeader = """
        // <auto-generated/>
        namespace Shapes;
        public partial class Split { public int AlsoGenerated = 3; }
        """;

    private const string TopLevel = """
        using System;
        var x = 1;
        Console.WriteLine(Twice(x));
        static int Twice(int v) => v * 2;
        public partial class Program { public static int Field = 1; public void M() { } }
        """;

    [Fact]
    public async Task The_prediction_equals_the_drivers_blocks_for_every_declaration_shape()
    {
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(Shapes, Options, path: "Shapes.cs"),
            CSharpSyntaxTree.ParseText(SecondFile, Options, path: "Second.cs"),
            CSharpSyntaxTree.ParseText(GeneratedByName, Options, path: "Split.g.cs"),
            CSharpSyntaxTree.ParseText(GeneratedByHeader, Options, path: "Header.cs"),
        };
        var compilation = CSharpCompilation.Create("Shapes", trees, MlReferences.Framework, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (predicted, counted) = await CountAsync(compilation);

        // The shapes must be there to be compared: a type of each kind, with and without blocks.
        Assert.True(counted.Count > 20, string.Join(", ", counted.Keys));
        Assert.Contains(counted, p => p.Value == 0);
        Assert.Equal(Describe(counted), Describe(predicted));
    }

    [Fact]
    public async Task The_prediction_equals_the_drivers_blocks_for_top_level_statements()
    {
        var compilation = CSharpCompilation.Create(
            "TopLevel",
            new[] { CSharpSyntaxTree.ParseText(TopLevel, Options, path: "Program.cs") },
            MlReferences.Framework,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (predicted, counted) = await CountAsync(compilation);

        Assert.Equal(3, counted["Program"]); // the entry point, the field's initializer, M
        Assert.Equal(Describe(counted), Describe(predicted));
    }

    public static IEnumerable<object[]> Folders()
    {
        yield return new object[] { "samples" };
        yield return new object[] { "tests/MlCodeGuard.Analyzers.Tests/Corpus" };
        yield return new object[] { "tests/MlCodeGuard.Analyzers.Tests/LeakageCorpus" };
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task The_prediction_equals_the_drivers_blocks_over_the_repositorys_ml_sources(string folder)
    {
        var files = AllExtensions.SourceFiles(folder);
        Assert.NotEmpty(files);
        var compared = 0;
        foreach (var file in files)
        {
            var compilation = AnalyzerHost.Compile(new[] { File.ReadAllText(file) }, kind: OutputKind.ConsoleApplication);
            var (predicted, counted) = await CountAsync(compilation);
            Assert.True(Describe(counted) == Describe(predicted), $"{file}:\ndriver:    {Describe(counted)}\npredicted: {Describe(predicted)}");
            compared += counted.Count;
        }

        Assert.True(compared > 5, $"{compared} types compared");
    }

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);

    private static string Describe(IReadOnlyDictionary<string, int> counts)
        => string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static async Task<(Dictionary<string, int> Predicted, Dictionary<string, int> Counted)> CountAsync(Compilation compilation)
    {
        var probe = new Probe();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var host = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(probe), new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await host.GetAllDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "AD0002");

        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var predicted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in probe.Types)
        {
            var name = type.ToDisplayString();
            counted[name] = probe.Blocks.TryGetValue(type, out var n) ? n : 0;
            predicted[name] = OperationBlockCount.Of(type, options, CancellationToken.None);
        }

        return (predicted, counted);
    }

    /// <summary>Counts the driver's operation-block-start calls per type, for the type and every type around it.</summary>
#pragma warning disable RS1036 // a test probe, never shipped
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class Probe : DiagnosticAnalyzer
    {
        public ConcurrentDictionary<INamedTypeSymbol, int> Blocks { get; } = new(SymbolEqualityComparer.Default);

        public ConcurrentBag<INamedTypeSymbol> Types { get; } = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            new DiagnosticDescriptor("PROBE", "Probe", "Probe", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true));

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(c => Types.Add((INamedTypeSymbol)c.Symbol), SymbolKind.NamedType);
            context.RegisterOperationBlockStartAction(c =>
            {
                for (var type = c.OwningSymbol as INamedTypeSymbol ?? c.OwningSymbol.ContainingType; type is not null; type = type.ContainingType)
                {
                    Blocks.AddOrUpdate(type, 1, (_, n) => n + 1);
                }
            });
        }
    }
#pragma warning restore RS1036
}
