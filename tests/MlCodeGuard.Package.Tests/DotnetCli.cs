using System.Diagnostics;
using System.Text;

namespace MlCodeGuard.Package.Tests;

/// <summary>The captured result of one `dotnet` invocation.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Command line, exit code and (the tail of) the output, for assertion messages.</summary>
    public string Describe(int maxChars = 20_000)
    {
        string output = Output.Length <= maxChars ? Output : "[... " + (Output.Length - maxChars) + " chars cut ...]" + Output[^maxChars..];
        return $"> {CommandLine}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}{output}";
    }
}

/// <summary>Runs the .NET CLI as a child process with a controlled environment.</summary>
public static class DotnetCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The repository root: the first folder above the test binaries that holds MlCodeGuard.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static async Task<CommandResult> RunAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // `dotnet test` hands MSBuild and test-host variables to the test process; a child `dotnet build` that
        // inherits them may resolve the wrong SDK or talk to the parent's build nodes.
        foreach (string key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(key);
            }
        }
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // Nothing may outlive the test: no reusable MSBuild nodes.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var pair in environment)
        {
            startInfo.Environment[pair.Key] = pair.Value;
        }

        string commandLine = "dotnet " + string.Join(' ', arguments.Select(a => a.Contains(' ') ? '"' + a + '"' : a));
        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }
            await process.WaitForExitAsync();
            lock (output)
            {
                return new CommandResult(commandLine, -1, output + Environment.NewLine + $"[timed out after {timeout}]");
            }
        }

        // WaitForExitAsync returns once the streams are drained, so the output is complete here.
        lock (output)
        {
            return new CommandResult(commandLine, process.ExitCode, output.ToString());
        }
    }

    private static string DotnetExecutable()
    {
        // The host that runs the tests is the SDK's own dotnet; prefer it over whatever PATH finds first.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlCodeGuard.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("MlCodeGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
