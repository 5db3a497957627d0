using System.Diagnostics;

namespace MlCodeGuard.Benchmarks.Runtime;

/// <summary>
/// Measures the cost the host adds by interleaving short rounds of each case on one host and one thread: bare engine,
/// pooled <c>Predict</c>, pooled <c>Predict</c> with a <see cref="System.Diagnostics.Metrics.MeterListener"/> attached
/// for that round only, and rent + return. On a machine shared with other builds, load drifts while BenchmarkDotNet
/// runs one case after another, and swamps a difference of a few nanoseconds on a call of several hundred. Here every
/// case sees the same load: the table gives each case's fastest round and the median over rounds of the difference
/// to the bare round next to it.
/// </summary>
public static class OverheadProbe
{
    private const int CallsPerRound = 2_000;

    public static void Run(int rounds)
    {
        var bench = new PredictionBenchmarks();
        bench.Setup();
        try
        {
            var names = new[]
            {
                "bare PredictionEngine.Predict(in, ref)", "ModelHost.Predict(in, ref), no listener",
                "ModelHost.Predict(in, ref), MeterListener attached", "ModelHost.Rent() + Dispose() alone",
            };
            var times = names.Select(_ => new List<double>()).ToArray();
            var allocated = new long[names.Length];
            for (var round = -5; round < rounds; round++)
            {
                for (var i = 0; i < names.Length; i++)
                {
                    if (i == 2)
                    {
                        bench.AttachListener();
                    }

                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var start = Stopwatch.GetTimestamp();
                    switch (i)
                    {
                        case 0: for (var n = 0; n < CallsPerRound; n++) bench.BarePredict(); break;
                        case 1: for (var n = 0; n < CallsPerRound; n++) bench.PooledPredict(); break;
                        case 2: for (var n = 0; n < CallsPerRound; n++) bench.PooledPredictWithListener(); break;
                        default: for (var n = 0; n < CallsPerRound; n++) bench.RentAndReturn(); break;
                    }

                    var elapsed = Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound;
                    var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (i == 2)
                    {
                        bench.DetachListener();
                    }

                    if (round >= 0)
                    {
                        times[i].Add(elapsed);
                        allocated[i] += bytes;
                    }
                }
            }

            Console.WriteLine($"| case ({rounds} interleaved rounds of {CallsPerRound:N0} calls) | fastest round, ns/call | median added vs the bare round beside it | B/call |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            for (var i = 0; i < names.Length; i++)
            {
                var added = i is 1 or 2 ? $"{Median(times[i].Zip(times[0], (a, b) => a - b)):+0.0;-0.0} ns" : "";
                Console.WriteLine($"| {names[i]} | {times[i].Min():F1} | {added} | {allocated[i] / (rounds * (double)CallsPerRound):F2} |");
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
