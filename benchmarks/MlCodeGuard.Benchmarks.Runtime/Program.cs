using BenchmarkDotNet.Running;
using MlCodeGuard.Benchmarks.Runtime;

if (args.Length > 0 && args[0] == "--overhead")
{
    // Interleaved timing, robust on a shared machine: see OverheadProbe.
    OverheadProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PredictionBenchmarks).Assembly).Run(args);
