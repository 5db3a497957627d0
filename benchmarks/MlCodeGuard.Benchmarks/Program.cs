using BenchmarkDotNet.Running;

namespace MlCodeGuard.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's command line (`--filter '*'`, `--job short`, `--inProcess`, ...). Exits 1 when a benchmark
    /// failed to run or produced no measurements, so the CI smoke run (`--job dry`) fails loudly.
    /// `paired [n] [base,config,...]` runs <see cref="PairedRun"/> instead; `csc [n] [plain] [sdk] [shared] [warm=N] [ide] [compare=PATH] [controls=a,b]` runs <see cref="CscRun"/>; `profile [n]` runs <see cref="ProfileRun"/>.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "paired")
        {
            int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9;
            return args.Length > 2 ? PairedRun.Run(rounds, args[2].Split(','), args.Length > 3 && args[3] == "serial") : PairedRun.Run(rounds);
        }

        if (args.Length > 0 && args[0] == "csc")
        {
            return CscRun.Run(args);
        }

        if (args.Length > 0 && args[0] == "documents")
        {
            return PerDocumentRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
        }

        if (args.Length > 0 && args[0] == "interleaved")
        {
            return InterleavedRun.Run(args);
        }

        if (args.Length > 0 && args[0] == "alloc")
        {
            return AllocationRun.Run(args);
        }

        if (args.Length > 0 && args[0] == "loop")
        {
            return LoopRun.Run(args);
        }

        if (args.Length > 0 && args[0] == "mutate")
        {
            return Recall.MutationRun.Run(args);
        }

        if (args.Length > 0 && args[0] == "profile")
        {
            return ProfileRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success))
            || (args.Length > 0 && summaries.Sum(s => s.Reports.Length) == 0);
        return failed ? 1 : 0;
    }
}
