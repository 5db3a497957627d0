using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MlCodeGuard.Benchmarks.Recall;

/// <summary>
/// Recall on code we did not write: plants one defect at a time (<see cref="MutationOperators"/>) in a corpus of real
/// ML.NET programs and checks whether the rule that defines the defect reports it.
/// <code>
/// mutate [--samples DIR] [--folders DIR] [--helper FILE] [--only OPERATOR] [--out FILE.tsv]
/// </code>
/// <c>--samples DIR</c>: each child folder of DIR is one program (its .cs files, recursively); <c>--folders DIR</c>:
/// each folder under DIR that holds .cs files is one compilation of its own files; <c>--helper FILE</c> is added to a
/// program that calls <c>ConsoleHelper.</c> without declaring it (and is never mutated). Each compilation is built as
/// <c>mlguard analyze</c> builds a loose folder: .NET 10 reference assemblies, ML.NET 5.0.1, the SDK's implicit usings.
/// A mutant is <i>detected</i> when a diagnostic of its rule appears that the unmutated code did not have, and
/// <i>invalid</i> (not counted) when it adds a compile error. Every miss is printed for a person to read: the operator
/// plants the shape, the rule's conditions (for example "the context trains") decide whether it is a defect.
/// </summary>
internal static class MutationRun
{
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CompilationWithAnalyzersOptions DriverOptions = new(
        Workload.Options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);

    public static int Run(string[] args)
    {
        var samples = new List<string>();
        var folders = new List<string>();
        string? helper = null;
        string? only = null;
        string? output = null;
        for (int i = 1; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--samples": samples.Add(Path.GetFullPath(value)); break;
                case "--folders": folders.Add(Path.GetFullPath(value)); break;
                case "--helper": helper = Path.GetFullPath(value); break;
                case "--only": only = value; break;
                case "--out": output = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        var units = new List<(string Name, List<string> Files)>();
        foreach (string root in samples)
        {
            foreach (string dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(dir).StartsWith('_'))
                {
                    continue;
                }

                var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (helper is not null
                    && !files.Any(f => Path.GetFileName(f) == "ConsoleHelper.cs")
                    && files.Any(f => File.ReadAllText(f).Contains("ConsoleHelper.", StringComparison.Ordinal)))
                {
                    files.Add(helper);
                }

                units.Add((Path.GetFileName(dir), files));
            }
        }

        foreach (string root in folders)
        {
            foreach (string dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Prepend(root).Order(StringComparer.Ordinal))
            {
                var files = Directory.GetFiles(dir, "*.cs").Order(StringComparer.Ordinal).ToList();
                if (files.Count > 0)
                {
                    units.Add((Path.GetRelativePath(Path.GetDirectoryName(root)!, dir).Replace('/', '_'), files));
                }
            }
        }

        ImmutableArray<MetadataReference> references = [.. Workload.Net100References(), .. Workload.MlNetReferences()];
        var results = new List<Result>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (name, files) in units)
        {
            results.AddRange(RunUnit(name, files, helper, only, references));
            Console.Error.WriteLine($"{name}: {results.Count} mutants so far, {started.Elapsed.TotalSeconds:F0} s");
        }

        Report(results, output);
        return 0;
    }

    private static IEnumerable<Result> RunUnit(string name, List<string> files, string? helper, string? only, ImmutableArray<MetadataReference> references)
    {
        var trees = files
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f), Encoding.UTF8), ParseOptions, path: f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "GlobalUsings.g.cs"))
            .ToList();
        OutputKind kind = trees.Any(t => t.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any())
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        CSharpCompilation compilation = CSharpCompilation.Create(
            "LooseMode", trees, references, new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        Outcome original = Analyze(compilation);
        var facts = UnitFacts.Collect(compilation, trees);
        var results = new List<Result>();
        foreach (SyntaxTree tree in trees.Take(files.Count))
        {
            if (tree.FilePath == helper)
            {
                continue;
            }

            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (Mutant mutant in MutationOperators.Find(model, facts))
            {
                if (only is not null && mutant.Operator != only)
                {
                    continue;
                }

                SyntaxTree mutated = tree.WithChangedText(tree.GetText().WithChanges(mutant.Changes));
                Outcome after = Analyze(compilation.ReplaceSyntaxTree(tree, mutated));
                var added = after.Mlg.ToList();
                foreach (string key in original.Mlg)
                {
                    added.Remove(key);
                }

                results.Add(new Result(
                    name,
                    Path.GetFileName(tree.FilePath),
                    mutant,
                    BrokenMember(tree, mutant, original.Errors),
                    after.Errors.Count > original.Errors.Count,
                    added.Any(k => k.StartsWith(mutant.ExpectedRule + "|", StringComparison.Ordinal)),
                    [.. added],
                    after.AnalyzerFailures));
            }
        }

        return results;
    }

    private static Outcome Analyze(Compilation compilation)
    {
        ImmutableArray<Diagnostic> all = compilation
            .WithAnalyzers(Workload.Analyzers, DriverOptions)
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        var errors = all.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)).Select(d => d.Location).ToList();
        int failures = all.Count(d => d.Id == "AD0001");
        var mlg = all
            .Where(d => d.Id.StartsWith("MLG", StringComparison.Ordinal))
            .Select(d => $"{d.Id}|{Path.GetFileName(d.Location.SourceTree?.FilePath)}|{d.Location.GetLineSpan().StartLinePosition.Line + 1}|{d.GetMessage(CultureInfo.InvariantCulture)}")
            .ToList();
        return new Outcome(errors, failures, mlg);
    }

    /// <summary>Whether the member holding the mutated site (a method, accessor or the top-level code) had compile errors before the mutation.</summary>
    private static bool BrokenMember(SyntaxTree tree, Mutant mutant, List<Location> errors)
    {
        SyntaxNode site = tree.GetRoot().FindToken(mutant.Changes[0].Span.Start).Parent!;
        SyntaxNode member = site.AncestorsAndSelf().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax or BaseTypeDeclarationSyntax)
            ?? tree.GetRoot();
        if (member is GlobalStatementSyntax)
        {
            member = tree.GetRoot();
        }

        return errors.Any(e => e.SourceTree == tree && member.Span.Contains(e.SourceSpan));
    }

    private static void Report(List<Result> results, string? output)
    {
        // "clean": the mutated member compiled before the mutation; mixed-era corpora have members that do not.
        var table = new StringBuilder();
        table.AppendLine("operator                         rule     sites  invalid  valid  detected  recall | clean  detected  recall");
        foreach (var (op, rule, _) in MutationOperators.All)
        {
            var valid = results.Where(r => r.Mutant.Operator == op && !r.Invalid).ToList();
            var clean = valid.Where(r => !r.Broken).ToList();
            int sites = results.Count(r => r.Mutant.Operator == op);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"{op,-32} {rule,-8} {sites,5}  {sites - valid.Count,7}  {valid.Count,5}  {valid.Count(r => r.Detected),8}  {Share(valid),6} | {clean.Count,5}  {clean.Count(r => r.Detected),8}  {Share(clean),6}");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"analyzer failures (AD0001) in any mutant: {results.Sum(r => r.AnalyzerFailures)}");
        Console.WriteLine(table);

        Console.WriteLine("Missed in members that compiled (valid mutants whose rule did not report):");
        foreach (Result r in results.Where(r => !r.Invalid && !r.Broken && !r.Detected))
        {
            Console.WriteLine($"  {r.Mutant.ExpectedRule} {r.Unit}/{r.File}:{r.Mutant.Line} {r.Mutant.Operator}: {r.Mutant.Description}");
        }

        if (output is not null)
        {
            var tsv = new StringBuilder("unit\tfile\tline\toperator\texpected\toutcome\tmember compiled\tnew MLG diagnostics\tmutation\n");
            foreach (Result r in results)
            {
                string outcome = r.Invalid ? "invalid" : r.Detected ? "detected" : "missed";
                string added = string.Join(" ; ", r.Added.Select(k => k.Replace('\t', ' ')));
                tsv.AppendLine(CultureInfo.InvariantCulture, $"{r.Unit}\t{r.File}\t{r.Mutant.Line}\t{r.Mutant.Operator}\t{r.Mutant.ExpectedRule}\t{outcome}\t{(r.Broken ? "no" : "yes")}\t{added}\t{r.Mutant.Description.ReplaceLineEndings(" ").Replace('\t', ' ')}");
            }

            File.WriteAllText(output, tsv.ToString());
        }

        static string Share(List<Result> rows) => rows.Count == 0 ? "-" : ((double)rows.Count(r => r.Detected) / rows.Count).ToString("P0", CultureInfo.InvariantCulture);
    }

    private sealed record Outcome(List<Location> Errors, int AnalyzerFailures, List<string> Mlg);

    private sealed record Result(string Unit, string File, Mutant Mutant, bool Broken, bool Invalid, bool Detected, ImmutableArray<string> Added, int AnalyzerFailures);
}
