using System.Diagnostics;
using System.Globalization;

namespace MlCodeGuard.Benchmarks;

/// <summary>
/// The build's own compiler: the SDK's <c>csc</c> compiling the generated codebase to a DLL (parse, bind, flow
/// analysis, emit of IL and PDB), without analyzers and with MlCodeGuard's analyzer assembly passed as <c>/analyzer</c>,
/// in paired rounds as <see cref="PairedRun"/> (each configuration once per round, rotating order, median of the
/// per-round ratios). Unlike the in-process workload, where the analyzers' compilation binds every method body a second
/// time beside the compiler's own pass, <c>csc</c> binds once and feeds its analyzers from that pass: this is what a
/// <c>dotnet build</c> pays. Each run is a new process (<c>dotnet csc.dll</c>, ReadyToRun), so process start is in both
/// sides; <c>shared</c> runs through the compiler server (<c>/shared</c>, as MSBuild's Csc task does) instead, after
/// <c>warm=N</c> compiles of each configuration (default 1; the server's JIT needs more than a dozen to settle).
/// The MlCodeGuard side gets what a build passes (a global config with <c>build_property.MlCodeGuardAnalysisMode = build</c>,
/// which the package's targets set in every build but a design-time one); <c>ide</c> adds a side without it (the IDE's
/// symbol-start scopes).
/// <c>compare=PATH</c> adds a third side with another build of the analyzer assembly (an earlier commit's, a ReadyToRun image), with a build's options.
/// <c>controls=start,ops,startend,typescope,walk,blockstart,opsblock,symaction</c> adds a side per listed depth of <c>ControlAnalyzer</c>: MlCodeGuard's
/// registrations with callbacks that do nothing, to separate the driver's cost of each shape from the rules' work.
/// <c>sdk</c> passes both sides the analyzers every <c>dotnet build</c> of a .NET 5+ project passes (the SDK's
/// NetAnalyzers with the default analysis level's global config), so the baseline is a build without MlCodeGuard
/// rather than a compiler without any analyzer driver.
/// </summary>
internal static class CscRun
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        var shared = args.Contains("shared");
        var codebase = args.Contains("plain") ? "plain" : "ml";
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var root = Path.GetDirectoryName(Path.GetFullPath(dotnet == "dotnet" ? "/usr/share/dotnet/dotnet" : dotnet))!;
        // The newest SDK and reference pack by version (an ordinal sort would put 9.0 after 10.0).
        static Version VersionOf(string folder) => Version.Parse(Path.GetFileName(folder).Split('-')[0]);
        var csc = Directory.GetDirectories(Path.Combine(root, "sdk"))
            .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll"))
            .Where(File.Exists)
            .OrderBy(f => VersionOf(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(f)))!)).Last();
        var refPack = Directory.GetDirectories(Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref")).OrderBy(VersionOf).Last();
        var references = Directory.GetFiles(Path.Combine(refPack, "ref", "net10.0"), "*.dll").ToList();
        if (codebase == "ml")
        {
            references.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll").Where(Workload.IsManagedAssembly));
        }

        var dir = Path.Combine(Path.GetTempPath(), "mlguard-csc-bench-" + codebase);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var files = codebase == "ml" ? CodebaseGenerator.GenerateMl() : CodebaseGenerator.GeneratePlain();
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, "src", path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        var sdk = args.Contains("sdk");
        var warm = args.FirstOrDefault(a => a.StartsWith("warm=", StringComparison.Ordinal)) is { } w ? int.Parse(w[5..], CultureInfo.InvariantCulture) : 1;
        var common = new List<string> { "/nologo", "/target:library", "/nullable:enable", "/langversion:latest", "/debug:portable", "/optimize+", "/deterministic+", "/nowarn:CS1591" };
        common.AddRange(references.Select(r => $"/reference:\"{r}\""));
        if (sdk)
        {
            var sdkDir = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(csc)))!; // sdk/<version>/Roslyn/bincore/csc.dll
            var analyzers = Path.Combine(sdkDir, "Sdks", "Microsoft.NET.Sdk", "analyzers");
            common.Add($"/analyzer:\"{Path.Combine(analyzers, "Microsoft.CodeAnalysis.NetAnalyzers.dll")}\"");
            common.Add($"/analyzer:\"{Path.Combine(analyzers, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll")}\"");
            common.Add($"/analyzerconfig:\"{Path.Combine(analyzers, "build", "config", "analysislevel_10_default.globalconfig")}\"");
        }

        common.AddRange(files.Select(f => $"\"{Path.Combine(dir, "src", f.Path)}\""));
        var analyzer = Path.Combine(AppContext.BaseDirectory, "MlCodeGuard.Analyzers.dll");
        // compare=PATH: a third configuration with another build of the analyzer assembly (an earlier commit's, a
        // ReadyToRun image), given a build's options as the second side is.
        var compare = args.FirstOrDefault(a => a.StartsWith("compare=", StringComparison.Ordinal))?[8..];
        // What a build passes: the package's targets make MlCodeGuardAnalysisMode=build visible to the analyzer.
        var buildConfig = $"/analyzerconfig:\"{Write("build.globalconfig", ["is_global = true", "build_property.MlCodeGuardAnalysisMode = build"])}\"";
        var configs = new List<(string Name, string Rsp)>
        {
            ("csc", Write("compile.rsp", common)),
            ("csc+mlcodeguard", Write("analyze.rsp", [.. common, $"/analyzer:\"{analyzer}\"", buildConfig])),
        };
        if (args.Contains("ide"))
        {
            // ide: another side with what an IDE passes (nothing), i.e. MlCodeGuard's symbol-start scopes.
            configs.Add(("csc+mlcodeguard-ide", Write("analyze-ide.rsp", [.. common, $"/analyzer:\"{analyzer}\""])));
        }

        if (compare is not null)
        {
            configs.Add(("csc+" + Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(compare))), Write("compare.rsp", [.. common, $"/analyzer:\"{Path.GetFullPath(compare)}\"", buildConfig])));
        }

        // controls=start,ops,startend,typescope,walk: a side per depth of ControlAnalyzer (MlCodeGuard's registrations, doing nothing).
        var controls = args.FirstOrDefault(a => a.StartsWith("controls=", StringComparison.Ordinal))?[9..].Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var control = Path.Combine(AppContext.BaseDirectory, "MlCodeGuard.Benchmarks.ControlAnalyzers.dll");
        foreach (var mode in controls)
        {
            var config = Write($"control-{mode}.globalconfig", ["is_global = true", $"mlguard_control = {mode}"]);
            configs.Add(("csc+control-" + mode, Write($"control-{mode}.rsp", [.. common, $"/analyzer:\"{control}\"", $"/analyzerconfig:\"{config}\""])));
        }

        string Write(string name, IEnumerable<string> lines)
        {
            var rsp = Path.Combine(dir, name);
            File.WriteAllLines(rsp, lines);
            return rsp;
        }

        // Warm-up (page cache, the compiler server when shared); also checks both compile and what they report.
        for (var i = 1; i < warm; i++)
        {
            foreach (var (_, rsp) in configs)
            {
                Compile(rsp);
            }
        }

        foreach (var (name, rsp) in configs)
        {
            var (_, output) = Compile(rsp);
            var lines = output.Split('\n');
            var mlg = lines.Count(l => l.Contains(": warning MLG", StringComparison.Ordinal));
            var other = lines.Count(l => l.Contains(": warning ", StringComparison.Ordinal)) - mlg;
            var errors = lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\berror [A-Z]+[0-9]+"));
            Console.WriteLine($"// {name}: {mlg} MLG warnings, {other} other warnings, {errors} errors");
            if (errors > 0)
            {
                Console.WriteLine(output);
                return 1;
            }
        }

        var ratios = configs.Skip(1).ToDictionary(c => c.Name, _ => new List<double>());
        var times = configs.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Rotate the order, so no configuration always runs first.
            var order = configs.Skip(round % configs.Count).Concat(configs.Take(round % configs.Count));
            var elapsed = new Dictionary<string, double>();
            foreach (var (name, rsp) in order)
            {
                elapsed[name] = Compile(rsp).Seconds;
                times[name].Add(elapsed[name]);
            }

            foreach (var (name, _) in configs.Skip(1))
            {
                ratios[name].Add(elapsed[name] / elapsed[configs[0].Name]);
            }

            Console.WriteLine($"round {round + 1}: " + string.Join(", ", configs.Select(c => $"{c.Name} {elapsed[c.Name]:0.000} s")) + "; ratios " + string.Join(", ", ratios.Values.Select(r => $"{r[^1]:0.000}")));
        }

        double Quantile(List<double> v, double q) => v.Order().ElementAt((int)Math.Round(q * (v.Count - 1)));
        Console.WriteLine($"{codebase} codebase, {(sdk ? "SDK analyzers on both sides" : "no other analyzer")}, {(shared ? $"compiler server after {warm} warm-up compiles of each" : "one csc process per compile")}, {rounds} rounds: " +
            $"median csc {InterleavedRun.Median(times[configs[0].Name]):0.000} s; " +
            string.Join("; ", configs.Skip(1).Select(c => $"{c.Name} {InterleavedRun.Median(times[c.Name]):0.000} s, median per-round ratio {InterleavedRun.Median(ratios[c.Name]):0.000} (quartiles {Quantile(ratios[c.Name], 0.25):0.000}-{Quantile(ratios[c.Name], 0.75):0.000})")));
        return 0;

        (double Seconds, string Output) Compile(string rsp)
        {
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(csc);
            start.ArgumentList.Add("/noconfig"); // not the csc.rsp next to csc.dll (only honoured on the command line)
            if (shared)
            {
                start.ArgumentList.Add("/shared");
            }

            start.ArgumentList.Add($"/out:{Path.Combine(dir, "out.dll")}");
            start.ArgumentList.Add("@" + rsp);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            watch.Stop();
            return (watch.Elapsed.TotalSeconds, stdout.Result + stderr);
        }
    }
}
