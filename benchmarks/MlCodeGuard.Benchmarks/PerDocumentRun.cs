using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// `-- documents [runs]`: the analysis time per document, as an IDE computes a document's diagnostics
/// (<see cref="CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(SemanticModel, Microsoft.CodeAnalysis.Text.TextSpan?, CancellationToken)"/>
/// one document at a time, one thread). For each of the 200 files of the ML.NET codebase it records: MlCodeGuard's own time
/// on the document (the driver's execution-time telemetry for the rule host, before and after), and the document's whole
/// analysis wall time with the SDK stand-in alone and with MlCodeGuard added (each on a fresh compilation, so binding is
/// paid in both). Prints p50, p95 and max of each over all documents and runs.
/// </summary>
public static class PerDocumentRun
{
    public static int Run(int runs)
    {
        Workload workload = Workload.CreateMl();
        Console.WriteLine("// " + workload.Validate());
        var own = new List<double>();
        var withSdk = new List<double>();
        var withAll = new List<double>();
        DiagnosticAnalyzer host = Workload.Analyzers.Single();
        for (var run = -1; run < runs; run++)
        {
            var baseline = Analyze(workload, Workload.SdkAnalyzers, host: null);
            var analyzed = Analyze(workload, Workload.SdkAndMlCodeGuardAnalyzers, host);
            if (run >= 0)
            {
                withSdk.AddRange(baseline.Select(b => b.Wall));
                withAll.AddRange(analyzed.Select(a => a.Wall));
                own.AddRange(analyzed.Select(a => a.Own));
            }
        }

        Print("MlCodeGuard's own time per document (rule host execution time)", own);
        Print("document analysis wall time, SDK stand-in only", withSdk);
        Print("document analysis wall time, SDK stand-in + MlCodeGuard", withAll);
        return 0;
    }

    private static List<(double Wall, double Own)> Analyze(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, DiagnosticAnalyzer? host)
    {
        var compilation = workload.CreateCompilation();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var times = new List<(double, double)>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            TimeSpan before = host is null ? TimeSpan.Zero : withAnalyzers.GetAnalyzerTelemetryInfoAsync(host, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            var watch = Stopwatch.StartNew();
            _ = withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
            double wall = watch.Elapsed.TotalMilliseconds;
            TimeSpan after = host is null ? TimeSpan.Zero : withAnalyzers.GetAnalyzerTelemetryInfoAsync(host, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            times.Add((wall, (after - before).TotalMilliseconds));
        }

        return times;
    }

    private static void Print(string what, List<double> values)
    {
        var sorted = values.Order().ToList();
        double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: n {sorted.Count}, p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, max {sorted[^1]:F2} ms"));
    }
}
