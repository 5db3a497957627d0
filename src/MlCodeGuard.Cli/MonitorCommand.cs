using MlCodeGuard.Runtime.Monitoring;

namespace MlCodeGuard.Cli;

/// <summary>
/// <c>mlguard monitor report &lt;snapshot.json&gt;... -o report.html</c>: renders drift snapshots (several are merged, as
/// replicas of one model) into one self-contained HTML page.
/// </summary>
public static class MonitorCommand
{
    /// <summary>The usage text of the monitor command.</summary>
    public const string Usage = """
        Usage:
          mlguard monitor report <snapshot.json>... -o <report.html>

        Renders MlCodeGuard.Runtime drift snapshots (DriftMonitor.Snapshot().ToJson()) as one self-contained HTML page:
        per column the baseline against the current distribution and the drift statistic over time, the alarms with
        their root causes, data integrity and the deployment record. Several snapshots (replicas) are merged first.

        Options:
          -o, --output <file>  The HTML file to write (required).
          -h, --help           Show this help.

        Exit codes: 0 written, 2 bad usage or an unreadable snapshot (nothing is written).
        """;

    /// <summary>Runs <c>mlguard monitor ...</c>.</summary>
    /// <param name="args">The arguments after <c>monitor</c>.</param>
    /// <param name="stdout">Receives help.</param>
    /// <param name="stderr">Receives the summary line and errors.</param>
    /// <returns>The exit code.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args.Any(a => a is "-h" or "--help" or "-?"))
        {
            stdout.WriteLine(Usage);
            return args.Count == 0 ? ExitCodes.UsageOrLoadError : ExitCodes.Clean;
        }

        if (args[0] != "report")
        {
            return Fail(stderr, $"unknown monitor command '{args[0]}' (try 'mlguard monitor --help')");
        }

        var inputs = new List<string>();
        string? output = null;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-o" or "--output")
            {
                if (i + 1 >= args.Count || output is not null)
                {
                    return Fail(stderr, output is null ? $"option '{arg}' needs a value" : $"option '{arg}' is given more than once");
                }

                output = args[++i];
            }
            else if (arg.StartsWith("--output=", StringComparison.Ordinal))
            {
                output = arg["--output=".Length..];
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                return Fail(stderr, $"unknown option '{arg}' (try 'mlguard monitor --help')");
            }
            else
            {
                inputs.Add(arg);
            }
        }

        if (inputs.Count == 0)
        {
            return Fail(stderr, "monitor report needs a snapshot file (try 'mlguard monitor --help')");
        }

        if (string.IsNullOrEmpty(output))
        {
            return Fail(stderr, "monitor report needs --output <report.html>");
        }

        var outputPath = Path.GetFullPath(output);
        if (Directory.Exists(outputPath) || !Directory.Exists(Path.GetDirectoryName(outputPath)))
        {
            return Fail(stderr, $"--output '{output}' is a folder or its folder does not exist");
        }

        var snapshots = new List<DriftSnapshot>();
        foreach (var input in inputs)
        {
            try
            {
                snapshots.Add(DriftSnapshot.Load(input));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return Fail(stderr, $"cannot read snapshot '{input}': {e.Message}");
            }
        }

        DriftSnapshot snapshot;
        try
        {
            snapshot = snapshots.Count == 1 ? snapshots[0] : DriftSnapshot.Merge(snapshots);
        }
        catch (ArgumentException e)
        {
            return Fail(stderr, "cannot merge the snapshots: " + e.Message);
        }

        var temp = Path.Combine(Path.GetDirectoryName(outputPath)!, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, MonitorReport.RenderHtml(snapshot));
            File.Move(temp, outputPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot write --output '{output}': {e.Message}");
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        stderr.WriteLine($"mlguard: drift report of {snapshot.ModelName} ({snapshot.Features.Count} columns, {snapshot.Alarms.Count} alarms, {snapshot.Replicas} monitor(s)) written to {output}");
        return ExitCodes.Clean;
    }

    private static int Fail(TextWriter stderr, string reason)
    {
        stderr.WriteLine("mlguard: error: " + reason);
        return ExitCodes.UsageOrLoadError;
    }
}
