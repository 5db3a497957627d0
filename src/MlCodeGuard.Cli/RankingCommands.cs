using System.Diagnostics;
using MlCodeGuard.Ranking.Model;
using MlCodeGuard.Ranking.Sarif;

namespace MlCodeGuard.Cli;

/// <summary>
/// The ranker's commands: <c>rank</c>, <c>learn</c> and <c>evaluate-ranker</c>. Each parses its own options so the
/// analyze parser stays as it was.
/// </summary>
public static partial class RankingCommands
{
    /// <summary>The usage text of the ranker commands (part of --help).</summary>
    public const string Usage = """
        Ranking (learned from the repository's history; see docs/cli.md):
          mlguard rank <in.sarif> [-o out.sarif] [--model ranker.zip] [--source-root DIR]
          mlguard learn <repo-dir> [--project P] [--since DATE] [--model ranker.zip] [--window N]
          mlguard evaluate-ranker <repo-dir> [--project P] [--since DATE] [--window N] [--folds K]
        """;

    /// <summary>Whether the first argument names a ranker command.</summary>
    /// <param name="command">The first argument.</param>
    /// <returns>True for rank, learn and evaluate-ranker.</returns>
    public static bool Handles(string command) => command is "rank" or "learn" or "evaluate-ranker";

    /// <summary>Runs a ranker command.</summary>
    /// <param name="args">All arguments, the command first.</param>
    /// <param name="stdout">Receives reports.</param>
    /// <param name="stderr">Receives progress, summaries and errors.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The exit code: 0 done, 2 usage or load error.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            var options = Options.Parse(args.Skip(1).ToList(), args[0]);
            return args[0] switch
            {
                "rank" => Rank(options, stdout, stderr),
                "learn" => await LearnAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false),
                _ => await EvaluateAsync(options, stdout, stderr, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (UsageException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(stderr, "cancelled");
        }
    }

    private static int Rank(Options options, TextWriter stdout, TextWriter stderr)
    {
        var input = Path.GetFullPath(options.Path);
        if (!File.Exists(input))
        {
            return Fail(stderr, $"'{options.Path}' does not exist");
        }

        IDiagnosticScorer scorer;
        try
        {
            scorer = ScorerLoader.Load(options.Model, Path.GetDirectoryName(input)!, Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Fail(stderr, $"cannot load the ranker: {e.Message}");
        }

        var stopwatch = Stopwatch.StartNew();
        using var buffer = new MemoryStream();
        SarifRankSummary summary;
        try
        {
            using var file = File.OpenRead(input);
            summary = SarifRanker.Rank(file, buffer, scorer, options.SourceRoot is null ? Path.GetDirectoryName(input) : Path.GetFullPath(options.SourceRoot));
        }
        catch (InvalidDataException e)
        {
            return Fail(stderr, $"'{options.Path}' is not a SARIF log: {e.Message}");
        }

        if (options.Output is null)
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            stdout.Flush();
        }
        else
        {
            var output = Path.GetFullPath(options.Output);
            try
            {
                var temp = output + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.WriteAllBytes(temp, buffer.ToArray());
                File.Move(temp, output, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"cannot write --output '{options.Output}': {e.Message}");
            }
        }

        stderr.WriteLine($"mlguard: ranked {summary.ResultCount} results with the {summary.Scorer} in {stopwatch.Elapsed.TotalMilliseconds:0} ms ({summary.SourcesRead} source files read).");
        return ExitCodes.Clean;
    }

    /// <summary>Orders an analyze result by the ranker found above its root (or the prior): <c>analyze --rank</c>.</summary>
    /// <param name="result">The analysis result.</param>
    /// <returns>The ordered result and the scorer's description.</returns>
    public static (Engine.AnalysisResult Result, string Scorer) OrderByScore(Engine.AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scorer = LoadOrPrior(result.Root);
        return (AnalysisRanker.Order(result, scorer), scorer.Description);
    }

    /// <summary>Adds ranks to a SARIF report held in memory (<c>analyze --rank --format sarif</c>).</summary>
    /// <param name="sarif">The report; replaced by the ranked one.</param>
    /// <param name="root">The analyzed root (source root and model search start).</param>
    public static void RankSarif(MemoryStream sarif, string root)
    {
        ArgumentNullException.ThrowIfNull(sarif);
        var input = new MemoryStream(sarif.ToArray());
        sarif.SetLength(0);
        SarifRanker.Rank(input, sarif, LoadOrPrior(root), root);
    }

    // A model that cannot be read must not break analyze: the prior ranks instead.
    private static IDiagnosticScorer LoadOrPrior(string root)
    {
        try
        {
            return ScorerLoader.Load(null, root, Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            return PriorScorer.Instance;
        }
    }

    internal static int Fail(TextWriter stderr, string reason)
    {
        stderr.WriteLine("mlguard: error: " + string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return ExitCodes.UsageOrLoadError;
    }

    /// <summary>The options shared by the ranker commands; each command rejects the ones it does not take.</summary>
    private sealed record Options(string Path, string? Output, string? Model, string? SourceRoot, string? Project, DateTimeOffset? Since, int? Window, int? Folds, string? GlobalConfig)
    {
        private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
        {
            ["rank"] = ["--output", "--model", "--source-root"],
            ["learn"] = ["--project", "--since", "--model", "--window", "--globalconfig"],
            ["evaluate-ranker"] = ["--project", "--since", "--window", "--folds"],
        };

        public static Options Parse(List<string> args, string command)
        {
            string? path = null;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith('-') || arg == "-")
                {
                    path = path is null ? arg : throw new UsageException($"unexpected argument '{arg}': {command} takes one path");
                    continue;
                }

                var (name, inline) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
                name = name == "-o" ? "--output" : name;
                if (!s_allowed[command].Contains(name))
                {
                    throw new UsageException($"unknown option '{arg}' for {command} (try 'mlguard --help')");
                }

                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option '{name}' needs a value"));
                if (!values.TryAdd(name, value))
                {
                    throw new UsageException($"option '{name}' is given more than once");
                }
            }

            if (path is null)
            {
                throw new UsageException(command == "rank" ? "rank needs a SARIF file" : $"{command} needs a repository folder");
            }

            DateTimeOffset? since = null;
            if (values.TryGetValue("--since", out var s))
            {
                since = DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d)
                    ? d
                    : throw new UsageException($"--since '{s}' is not a date (use YYYY-MM-DD)");
            }

            return new Options(
                path,
                values.GetValueOrDefault("--output"),
                values.GetValueOrDefault("--model"),
                values.GetValueOrDefault("--source-root"),
                values.GetValueOrDefault("--project"),
                since,
                PositiveInt(values, "--window"),
                PositiveInt(values, "--folds"),
                values.GetValueOrDefault("--globalconfig"));
        }

        private static int? PositiveInt(Dictionary<string, string> values, string name)
            => !values.TryGetValue(name, out var v) ? null
                : int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw new UsageException($"{name} '{v}' is not a positive number");
    }
}
