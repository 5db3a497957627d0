using MlCodeGuard.Cli;

namespace MlCodeGuard.Ranking.Tests;

/// <summary>A folder under the temp directory, deleted with the object.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlguard-ranking-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            // libgit2 marks pack and object files read-only.
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The outcome of one in-process mlguard run.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}

internal static class RepoFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null; folder = System.IO.Path.GetDirectoryName(folder))
        {
            if (File.Exists(System.IO.Path.Combine(folder, "MlCodeGuard.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException("MlCodeGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
