using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// `-- loop &lt;ml|plain&gt; &lt;none|sdk|all|separately|Name+Name&gt; [runs] [serial]`: one configuration run repeatedly, printing wall and CPU
/// time per run. A target for a profiler (`dotnet-trace collect -- dotnet MlCodeGuard.Benchmarks.dll loop ml all 10`),
/// and, with `serial`, a one-thread measurement free of thread-pool spinning. Never a number to quote on its own.
/// </summary>
public static class LoopRun
{
    public static int Run(string[] args)
    {
        Workload workload = args.Length > 1 && args[1] == "plain" ? Workload.CreatePlain() : Workload.CreateMl();
        string which = args.Length > 2 ? args[2] : "all";
        int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        bool serial = args.Length > 4 && args[4] == "serial";
        ImmutableArray<DiagnosticAnalyzer> analyzers = Select(which);
        Console.WriteLine($"// {workload.Name}, {analyzers.Length} analyzers, serial={serial}");
        for (var i = 0; i < runs; i++)
        {
            var count = 0;
            var (wall, cpu) = PairedRun.Time(() => count = workload.Run(analyzers, serial));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i}: wall {wall:F3} s, CPU {cpu:F3} s, {count} diagnostics"));
        }
        return 0;
    }

    /// <summary>none, sdk, all (the shipped host), separately (every rule as its own analyzer), empty (the host with no rule: its compilation start alone), replay (the host's ML.NET-codebase diagnostics reported without analysis, see <see cref="ReplayAnalyzer"/>), control-MODE (a do-nothing ControlAnalyzer of that registration shape: start, ops, startend, typescope, walk), or rule type names joined by '+' (each with the SDK stand-in).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Select(string which) => which switch
    {
        "none" => ImmutableArray<DiagnosticAnalyzer>.Empty,
        "sdk" => Workload.SdkAnalyzers,
        "all" => Workload.SdkAndMlCodeGuardAnalyzers,
        "separately" => Workload.SdkAndRulesSeparately,
        "empty" => Workload.SdkAnalyzers.Add(HostWithout(Workload.Rules.Select(r => r.GetType().Name).ToArray())),
        "replay" => Workload.SdkAnalyzers.Add(Replay.Value),
        _ when which.StartsWith("control-", StringComparison.Ordinal) => Workload.SdkAnalyzers.Add(new MlCodeGuard.Benchmarks.ControlAnalyzers.ControlAnalyzer(which.Substring(8))),
        _ when which.StartsWith("host-", StringComparison.Ordinal) => Workload.SdkAnalyzers.Add(HostWithout(which.Substring(5).Split('+'))),
        _ => Workload.SdkAnalyzers.AddRange(Workload.Rules.Where(a => which.Split('+').Contains(a.GetType().Name))),
    };

    // Finding the diagnostics to replay compiles the whole codebase with the host: once per process, not per round.
    private static readonly Lazy<ReplayAnalyzer> Replay = new(() => ReplayAnalyzer.Of(Workload.CreateMl()));

    /// <summary>The shipped host with some of its rules left out (`host-Name+Name`): what those rules cost inside the host.</summary>
    private static DiagnosticAnalyzer HostWithout(string[] names)
    {
        DiagnosticAnalyzer host = Workload.Analyzers.Single();
        host = (DiagnosticAnalyzer)Activator.CreateInstance(host.GetType())!;
        var field = host.GetType().GetField("_rules", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var rules = (System.Collections.IEnumerable)field.GetValue(host)!;
        var kept = rules.Cast<DiagnosticAnalyzer>().Where(r => !names.Contains(r.GetType().Name)).ToArray();
        var array = typeof(ImmutableArray).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1)
            .MakeGenericMethod(field.FieldType.GetGenericArguments()[0]);
        var typed = Array.CreateInstance(field.FieldType.GetGenericArguments()[0], kept.Length);
        Array.Copy(kept, typed, kept.Length);
        field.SetValue(host, array.Invoke(null, new object[] { typed }));
        return host;
    }
}
