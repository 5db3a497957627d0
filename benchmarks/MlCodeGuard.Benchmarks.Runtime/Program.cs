using BenchmarkDotNet.Running;
using MlCodeGuard.Benchmarks.Runtime;

if (args.Length > 0 && args[0] == "--overhead")
{
    // Interleaved timing, robust on a shared machine: see OverheadProbe.
    OverheadProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

if (args.Length > 0 && args[0] == "--monitoring-sim")
{
    // Detection delay at a measured ARL0 against fixed-window checks: see MonitoringSimulation.
    MonitoringSimulation.Run(args.Length > 1 ? int.Parse(args[1]) : 400, args.Length > 2 ? int.Parse(args[2]) : 200, args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        windows: !args.Contains("--no-windows"));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PredictionBenchmarks).Assembly).Run(args);
