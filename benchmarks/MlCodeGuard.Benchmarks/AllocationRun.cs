using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// `-- alloc &lt;runs&gt; &lt;config,config&gt;`: which types the allocations of each configuration are, from the runtime's
/// allocation sampling (one event per ~100 KB allocated, with the type that crossed the threshold), on one thread. Prints the
/// types whose sampled bytes differ most between the first configuration and each other one: where an analyzer's extra
/// allocation goes, without a profiler. Sampled, so read differences of a few hundred KB as noise; the totals per run are
/// also given exactly (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, the whole process: the runs are serial).
/// </summary>
public static class AllocationRun
{
    public static int Run(string[] args)
    {
        int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        string[] configs = (args.Length > 2 ? args[2] : "sdk,all").Split(',');
        Workload workload = Workload.CreateMl();
        Console.WriteLine("// " + workload.Validate());
        var byConfig = new Dictionary<string, Dictionary<string, long>>();
        var exact = new Dictionary<string, long>();
        using var listener = new AllocationListener();
        foreach (string config in configs)
        {
            // "sdk#after": the same configuration again under another name (what an earlier configuration leaves behind).
            ImmutableArray<DiagnosticAnalyzer> analyzers = LoopRun.Select(config.Split('#')[0]);
            workload.Run(analyzers, serial: true);
            listener.Bytes.Clear();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < runs; i++)
            {
                workload.Run(analyzers, serial: true);
            }

            exact[config] = (GC.GetTotalAllocatedBytes(precise: true) - before) / runs;

            byConfig[config] = listener.Bytes.ToDictionary(p => p.Key, p => p.Value / runs);
        }

        var baseline = byConfig[configs[0]];
        foreach (string config in configs.Skip(1))
        {
            var other = byConfig[config];
            Console.WriteLine($"--- {config} vs {configs[0]}: MB per run {exact[config] / 1e6:F2} vs {exact[configs[0]] / 1e6:F2} ({(double)exact[config] / exact[configs[0]]:F3}x; the process's exact count); sampled {other.Values.Sum() / 1e6:F1} vs {baseline.Values.Sum() / 1e6:F1}");
            foreach (var type in other.Keys.Union(baseline.Keys)
                .Select(t => (Type: t, Delta: other.GetValueOrDefault(t) - baseline.GetValueOrDefault(t)))
                .OrderByDescending(t => t.Delta).Take(40))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type.Delta / 1e6,8:F2} MB  {type.Type}"));
            }
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        public ConcurrentDictionary<string, long> Bytes { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: GCAllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.Payload is { } payload)
            {
                int typeIndex = e.PayloadNames!.IndexOf("TypeName");
                int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
                if (typeIndex >= 0 && amountIndex >= 0)
                {
                    Bytes.AddOrUpdate((string)payload[typeIndex]!, Convert.ToInt64(payload[amountIndex], CultureInfo.InvariantCulture), (_, v) => v + Convert.ToInt64(payload[amountIndex], CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
