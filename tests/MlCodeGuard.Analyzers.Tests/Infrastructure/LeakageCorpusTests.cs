using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>
/// Precision and recall of the leakage rules over LeakageCorpus/: small realistic programs whose leaking lines carry
/// <c>// expect: MLG2001</c> (several IDs comma-separated). A diagnostic counts as a true positive when its primary
/// location is on a line annotated with its ID; every other MLG2xxx diagnostic is a false positive, every unmatched
/// annotation a false negative. Files without annotations are the hard negatives.
/// </summary>
public class LeakageCorpusTests(ITestOutputHelper output)
{
    private const double MinPrecision = 0.95;
    private const double MinRecall = 0.90;

    private static readonly Regex Expect = new(@"//\s*expect:\s*(MLG2\d{3}(?:\s*,\s*MLG2\d{3})*)", RegexOptions.Compiled);

    private static string[] Files() => Directory
        .GetFiles(Path.Combine(AppContext.BaseDirectory, "LeakageCorpus"), "*.cs")
        .OrderBy(p => p, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Corpus_has_at_least_40_files_and_negatives()
    {
        var files = Files();
        Assert.True(files.Length >= 40, $"{files.Length} files");
        Assert.Contains(files, f => !Expect.IsMatch(File.ReadAllText(f)));
    }

    [Fact]
    public async Task Every_leakage_rule_meets_precision_and_recall()
    {
        var analyzers = AllExtensions.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id.StartsWith("MLG2", StringComparison.Ordinal))).ToImmutableArray();
        var expected = new HashSet<(string File, int Line, string Id)>();
        var actual = new HashSet<(string File, int Line, string Id)>();
        var compileErrors = new List<string>();
        foreach (var path in Files())
        {
            var name = Path.GetFileName(path);
            var source = File.ReadAllText(path);
            var lines = source.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var match = Expect.Match(lines[i]);
                if (match.Success)
                {
                    foreach (var id in match.Groups[1].Value.Split(',').Select(s => s.Trim()))
                    {
                        expected.Add((name, i + 1, id));
                    }
                }
            }

            var compilation = AnalyzerHost.Compile(new[] { source });
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            compileErrors.AddRange(errors.Select(e => name + ": " + e));
            var result = await AnalyzerHost.RunAsync(compilation, analyzers);
            Assert.Empty(result.Exceptions);
            foreach (var diagnostic in result.Diagnostics.Where(d => d.Id.StartsWith("MLG2", StringComparison.Ordinal)))
            {
                actual.Add((name, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, diagnostic.Id));
            }
        }

        // The corpus is real code: it must compile, or the analyzers judge broken programs.
        Assert.True(compileErrors.Count == 0, string.Join(Environment.NewLine, compileErrors));
        var failures = new List<string>();
        foreach (var id in expected.Select(e => e.Id).Concat(actual.Select(a => a.Id)).Distinct().OrderBy(i => i, StringComparer.Ordinal))
        {
            var tp = actual.Count(a => a.Id == id && expected.Contains(a));
            var fp = actual.Where(a => a.Id == id && !expected.Contains(a)).ToList();
            var fn = expected.Where(e => e.Id == id && !actual.Contains(e)).ToList();
            var precision = tp + fp.Count == 0 ? 1 : (double)tp / (tp + fp.Count);
            var recall = tp + fn.Count == 0 ? 1 : (double)tp / (tp + fn.Count);
            output.WriteLine($"{id}: TP {tp}, FP {fp.Count}, FN {fn.Count}, precision {precision:0.000}, recall {recall:0.000}");
            foreach (var miss in fp)
            {
                output.WriteLine($"  FP {miss.File}:{miss.Line}");
            }

            foreach (var miss in fn)
            {
                output.WriteLine($"  FN {miss.File}:{miss.Line}");
            }

            if (precision < MinPrecision || recall < MinRecall)
            {
                failures.Add($"{id}: precision {precision:0.000}, recall {recall:0.000}; FP {string.Join(", ", fp.Select(f => f.File + ":" + f.Line))}; FN {string.Join(", ", fn.Select(f => f.File + ":" + f.Line))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
