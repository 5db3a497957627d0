using Microsoft.CodeAnalysis;
using MlCodeGuard.Engine.Reporting;

namespace MlCodeGuard.Cli;

/// <summary>What the command line asks for.</summary>
public enum CommandKind
{
    /// <summary>Print usage.</summary>
    Help,

    /// <summary>Print the version.</summary>
    Version,

    /// <summary>Analyze a solution, project or folder.</summary>
    Analyze,
}

/// <summary>The parsed command line.</summary>
/// <param name="Kind">The command.</param>
/// <param name="Path">The target path (analyze only).</param>
/// <param name="Format">The report format (default text).</param>
/// <param name="OutputPath">The report file, or null for stdout.</param>
/// <param name="Threshold">The lowest severity that makes the exit code 1 (default warning).</param>
/// <param name="Restore">Whether unrestored projects are restored (false with --no-restore).</param>
/// <param name="Rank">Whether diagnostics are ordered by the ranker's score (--rank).</param>
public sealed record CommandLine(
    CommandKind Kind,
    string? Path = null,
    ReportFormat Format = ReportFormat.Text,
    string? OutputPath = null,
    DiagnosticSeverity Threshold = DiagnosticSeverity.Warning,
    bool Restore = true,
    bool Rank = false);

/// <summary>The command line is not valid; the message is the one-line reason.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line reason.</param>
    public UsageException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A small hand-rolled parser: <c>analyze PATH [--format F] [--output FILE] [--severity-threshold S] [--no-restore]</c>,
/// <c>--help</c>, <c>--version</c>. Options take their value as the next argument or after '='; "--" ends options.
/// </summary>
public static class CommandLineParser
{
    /// <summary>The usage text printed by --help.</summary>
    public const string Usage = """
        mlguard: finds reproducibility, leakage, schema and serving bugs in ML.NET code.

        Usage:
          mlguard analyze <path> [options]
          mlguard rank <in.sarif> [-o out.sarif]
          mlguard learn <repo-dir>
          mlguard evaluate-ranker <repo-dir>
          mlguard --help
          mlguard --version

        Arguments:
          <path>  A .sln/.slnx, a .csproj, or a folder. A folder holding one solution (else one .csproj)
                  loads it; a folder with neither is analyzed in loose mode (its .cs files compiled
                  together against .NET 10 and ML.NET 5).

        Options:
          -f, --format <text|sarif|json>        Report format (default: text).
          -o, --output <file>                   Write the report to <file> instead of stdout.
          -s, --severity-threshold <error|warning|info|hidden>
                                                Lowest severity that makes the exit code 1 (default: warning).
              --no-restore                      Do not run 'dotnet restore' on unrestored projects; fail instead.
              --rank                            Order diagnostics by the learned ranker's score (SARIF: set result.rank).
          -h, --help                            Show this help.
              --version                         Show the version.

        Exit codes:
          0  nothing at or above the threshold
          1  diagnostics at or above the threshold, or an analyzer failure (AD0001)
          2  bad usage, or a target that cannot be loaded (nothing is written to --output)

        Docs: docs/cli.md
        """;

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The process arguments.</param>
    /// <returns>The parsed command line.</returns>
    /// <exception cref="UsageException">The arguments are not valid.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            throw new UsageException("no command given (try 'mlguard --help')");
        }

        if (args.Any(IsHelp))
        {
            return new CommandLine(CommandKind.Help);
        }

        switch (args[0])
        {
            case "--version":
                if (args.Count > 1)
                {
                    throw new UsageException($"unexpected argument '{args[1]}' after --version");
                }

                return new CommandLine(CommandKind.Version);
            case "analyze":
                return ParseAnalyze(args.Skip(1).ToList());
            default:
                throw args[0].StartsWith('-')
                    ? new UsageException($"unknown option '{args[0]}' (try 'mlguard --help')")
                    : new UsageException($"unknown command '{args[0]}' (try 'mlguard --help')");
        }
    }

    private static bool IsHelp(string arg) => arg is "-h" or "--help" or "-?";

    private static CommandLine ParseAnalyze(List<string> args)
    {
        string? path = null;
        string? format = null;
        string? output = null;
        string? threshold = null;
        var restore = true;
        var rank = false;
        var optionsEnded = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                path = path is null ? arg : throw new UsageException($"unexpected argument '{arg}': analyze takes one path");
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            var (name, inlineValue) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            switch (name)
            {
                case "-f" or "--format":
                    format = Once(format, name, Value());
                    break;
                case "-o" or "--output":
                    output = Once(output, name, Value());
                    break;
                case "-s" or "--severity-threshold":
                    threshold = Once(threshold, name, Value());
                    break;
                case "--no-restore" when inlineValue is null:
                    restore = false;
                    break;
                case "--rank" when inlineValue is null:
                    rank = true;
                    break;
                default:
                    throw new UsageException($"unknown option '{arg}' (try 'mlguard --help')");
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue.Length > 0 ? inlineValue : throw new UsageException($"option '{name}' needs a value");
                }

                if (i + 1 >= args.Count || (args[i + 1].StartsWith('-') && args[i + 1].Length > 1))
                {
                    throw new UsageException($"option '{name}' needs a value");
                }

                return args[++i];
            }
        }

        if (path is null)
        {
            throw new UsageException("analyze needs a path: a .sln/.slnx, a .csproj or a folder (try 'mlguard --help')");
        }

        return new CommandLine(
            CommandKind.Analyze,
            path,
            format is null ? ReportFormat.Text : ParseFormat(format),
            output,
            threshold is null ? DiagnosticSeverity.Warning : ParseSeverity(threshold),
            restore,
            rank);
    }

    private static string Once(string? current, string name, string value)
        => current is null ? value : throw new UsageException($"option '{name}' is given more than once");

    private static ReportFormat ParseFormat(string value) => value.ToLowerInvariant() switch
    {
        "text" => ReportFormat.Text,
        "sarif" => ReportFormat.Sarif,
        "json" => ReportFormat.Json,
        _ => throw new UsageException($"unknown format '{value}': use text, sarif or json"),
    };

    private static DiagnosticSeverity ParseSeverity(string value) => value.ToLowerInvariant() switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" => DiagnosticSeverity.Warning,
        "info" => DiagnosticSeverity.Info,
        "hidden" => DiagnosticSeverity.Hidden,
        _ => throw new UsageException($"unknown severity threshold '{value}': use error, warning, info or hidden"),
    };
}
