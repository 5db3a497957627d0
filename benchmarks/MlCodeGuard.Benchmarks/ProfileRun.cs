using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// `-- profile [runs]`: where the analyzer time goes. Runs the ML.NET codebase with the driver's per-analyzer
/// execution-time logging on and prints each analyzer's time per run (analysis on one thread, so no callback is charged for
/// waiting on another). A triage tool to find the rule to optimise, never a number to quote.
/// </summary>
public static class ProfileRun
{
    public static int Run(int runs)
    {
        var workload = Workload.CreateMl();
        Console.WriteLine("// " + workload.Validate());
        var options = new CompilationWithAnalyzersOptions(
            Workload.Options,
            onAnalyzerException: null,
            // One thread: no callback waits on another's lock, so each analyzer is charged only its own work.
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        // Every rule as its own analyzer, so the driver's telemetry charges each rule its own time.
        var analyzers = Workload.SdkAndRulesSeparately;
        var totals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        for (var i = 0; i < runs; i++)
        {
            var withAnalyzers = workload.CreateCompilation().WithAnalyzers(analyzers, options);
            _ = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            foreach (var analyzer in analyzers)
            {
                var info = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                string name = analyzer.GetType().Name;
                totals[name] = totals.GetValueOrDefault(name) + info.ExecutionTime;
            }
        }

        foreach (var (name, time) in totals.OrderByDescending(p => p.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-45} {time.TotalMilliseconds / runs,8:F0} ms"));
        }
        return 0;
    }
}
