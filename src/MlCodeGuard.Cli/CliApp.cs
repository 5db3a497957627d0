using Microsoft.CodeAnalysis;
using MlCodeGuard.Engine;
using MlCodeGuard.Engine.Reporting;

namespace MlCodeGuard.Cli;

/// <summary>The command-line surface: parses arguments, calls the engine, writes the report and maps it to an exit code.</summary>
public static class CliApp
{
    /// <summary>Runs mlguard with the given arguments.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="stdout">Receives the report (when no --output is given), help and version.</param>
    /// <param name="stderr">Receives progress, the summary line when the report goes elsewhere, and errors.</param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["monitor", ..])
        {
            return MonitorCommand.Run(args.Skip(1).ToList(), stdout, stderr);
        }

        if (args.Count > 0 && RankingCommands.Handles(args[0]) && !args.Any(a => a is "-h" or "--help" or "-?"))
        {
            return await RankingCommands.RunAsync(args, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        CommandLine command;
        try
        {
            command = CommandLineParser.Parse(args);
        }
        catch (UsageException e)
        {
            return Fail(stderr, e.Message);
        }

        switch (command.Kind)
        {
            case CommandKind.Help:
                stdout.WriteLine(CommandLineParser.Usage);
                stdout.WriteLine();
                stdout.WriteLine(RankingCommands.Usage);
                return ExitCodes.Clean;
            case CommandKind.Version:
                stdout.WriteLine(ToolInfo.Version);
                return ExitCodes.Clean;
        }

        string? outputPath = null;
        if (command.OutputPath is not null)
        {
            outputPath = Path.GetFullPath(command.OutputPath);
            if (Directory.Exists(outputPath))
            {
                return Fail(stderr, $"--output '{command.OutputPath}' is a folder; name a file");
            }

            if (!Directory.Exists(Path.GetDirectoryName(outputPath)))
            {
                return Fail(stderr, $"the folder of --output '{command.OutputPath}' does not exist");
            }
        }

        AnalysisResult result;
        try
        {
            var request = new AnalysisRequest(command.Path!)
            {
                Restore = command.Restore,
                // Hidden diagnostics are shown only when they can fail the run.
                MinimumSeverity = command.Threshold == DiagnosticSeverity.Hidden ? DiagnosticSeverity.Hidden : DiagnosticSeverity.Info,
                Log = line => stderr.WriteLine("mlguard: " + line),
            };
            result = await AnalysisEngine.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AnalysisLoadException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(stderr, "cancelled");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // MSBuild and the workspace throw many exception types for projects they cannot load.
            return Fail(stderr, $"could not analyze '{command.Path}': {e.GetType().Name}: {e.Message}");
        }

        if (command.Rank)
        {
            (result, var rankedBy) = RankingCommands.OrderByScore(result);
            stderr.WriteLine("mlguard: ordered by the " + rankedBy);
        }

        using var buffer = new MemoryStream();
        ReportWriter.Write(result, command.Format, buffer);
        if (command.Rank && command.Format == ReportFormat.Sarif)
        {
            RankingCommands.RankSarif(buffer, result.Root);
        }

        if (outputPath is null)
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            stdout.Flush();
        }
        else
        {
            try
            {
                WriteAtomically(outputPath, buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"cannot write --output '{command.OutputPath}': {e.Message}");
            }
        }

        if (outputPath is not null || command.Format != ReportFormat.Text)
        {
            stderr.WriteLine(TextReport.SummaryLine(result));
        }

        return result.CountAtOrAbove(command.Threshold) > 0 ? ExitCodes.DiagnosticsFound : ExitCodes.Clean;
    }

    /// <summary>Writes a temp file next to the target and moves it into place, so a failed run never leaves a partial report.</summary>
    private static void WriteAtomically(string path, MemoryStream content)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                content.Position = 0;
                content.CopyTo(file);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static int Fail(TextWriter stderr, string reason)
    {
        // One line, whatever the reason's text holds.
        stderr.WriteLine("mlguard: error: " + string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return ExitCodes.UsageOrLoadError;
    }
}
