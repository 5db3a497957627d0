using Microsoft.CodeAnalysis;
using MlCodeGuard.Engine.Reporting;

namespace MlCodeGuard.Cli.Tests;

public class CommandLineParserTests
{
    [Fact]
    public void Analyze_with_a_path_uses_the_defaults()
    {
        var command = CommandLineParser.Parse(["analyze", "src"]);

        Assert.Equal(new CommandLine(CommandKind.Analyze, "src", ReportFormat.Text, null, DiagnosticSeverity.Warning, Restore: true), command);
    }

    [Fact]
    public void Options_take_their_value_after_a_space_or_an_equals_sign()
    {
        var spaced = CommandLineParser.Parse(["analyze", "--format", "SARIF", "-o", "out.sarif", "--severity-threshold", "info", "--no-restore", "app.sln"]);
        var inline = CommandLineParser.Parse(["analyze", "app.sln", "--format=sarif", "--output=out.sarif", "-s=info", "--no-restore"]);

        var expected = new CommandLine(CommandKind.Analyze, "app.sln", ReportFormat.Sarif, "out.sarif", DiagnosticSeverity.Info, Restore: false);
        Assert.Equal(expected, spaced);
        Assert.Equal(expected, inline);
    }

    [Theory]
    [InlineData("json", ReportFormat.Json)]
    [InlineData("text", ReportFormat.Text)]
    public void Every_format_parses(string value, ReportFormat expected)
        => Assert.Equal(expected, CommandLineParser.Parse(["analyze", ".", "-f", value]).Format);

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("info", DiagnosticSeverity.Info)]
    [InlineData("hidden", DiagnosticSeverity.Hidden)]
    public void Every_threshold_parses(string value, DiagnosticSeverity expected)
        => Assert.Equal(expected, CommandLineParser.Parse(["analyze", ".", "-s", value]).Threshold);

    [Fact]
    public void Double_dash_ends_options()
        => Assert.Equal("-odd-name", CommandLineParser.Parse(["analyze", "--", "-odd-name"]).Path);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("analyze", "--help")]
    [InlineData("analyze", "x", "-h")]
    public void Help_wins_anywhere(params string[] args)
        => Assert.Equal(CommandKind.Help, CommandLineParser.Parse(args).Kind);

    [Fact]
    public void Version_parses()
        => Assert.Equal(CommandKind.Version, CommandLineParser.Parse(["--version"]).Kind);

    [Theory]
    [InlineData("no command given")]
    [InlineData("unknown command 'lint'", "lint")]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unknown option '--bogus'", "analyze", ".", "--bogus")]
    [InlineData("analyze needs a path", "analyze")]
    [InlineData("analyze needs a path", "analyze", "--format", "json")]
    [InlineData("option '--format' needs a value", "analyze", ".", "--format")]
    [InlineData("option '--output' needs a value", "analyze", ".", "--output", "--format", "json")]
    [InlineData("option '--format' needs a value", "analyze", ".", "--format=")]
    [InlineData("unknown format 'xml'", "analyze", ".", "--format", "xml")]
    [InlineData("unknown severity threshold 'fatal'", "analyze", ".", "-s", "fatal")]
    [InlineData("option '--format' is given more than once", "analyze", ".", "--format", "json", "--format", "sarif")]
    [InlineData("unexpected argument 'b'", "analyze", "a", "b")]
    [InlineData("unexpected argument 'x' after --version", "--version", "x")]
    [InlineData("unknown option '--no-restore=yes'", "analyze", ".", "--no-restore=yes")]
    public void Bad_usage_is_reported(string expectedStart, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => CommandLineParser.Parse(args));
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
