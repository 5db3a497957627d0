using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MlCodeGuard.Runtime.Tests.Monitoring;

/// <summary>Loads a page in headless Chromium: the DOM after its scripts ran, and the console messages it logged.</summary>
internal static partial class HeadlessChromium
{
    public static string? Find()
    {
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    public static (string Dom, IReadOnlyList<string> Console) Load(string htmlPath)
    {
        var chromium = Find() ?? throw new InvalidOperationException("headless Chromium is needed: apt-get install chromium (.ci/run installs it)");
        var profile = Directory.CreateTempSubdirectory("mlguard-chromium-");
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + profile.FullName,
                // Console messages (and uncaught exceptions) go to stderr as INFO:CONSOLE lines.
                "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=2000",
                "--dump-dom", new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish in 2 minutes");
            }

            var console = stderr.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).Select(l => ConsoleText().Match(l) is { Success: true } m ? m.Groups[1].Value : l).ToArray();
            return (stdout.Result, console);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [GeneratedRegex("\\] \"(.*)\", source:")]
    private static partial Regex ConsoleText();
}
