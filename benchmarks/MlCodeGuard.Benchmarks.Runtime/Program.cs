using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(MlCodeGuard.Benchmarks.Runtime.PredictionBenchmarks).Assembly).Run(args);
