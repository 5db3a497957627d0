using System.Diagnostics;
using System.Text;
using MlCodeGuard.Cli;

namespace MlCodeGuard.Cli.Tests;

/// <summary>A folder under the temp directory, deleted with the object.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlguard-tests-" + Guid.NewGuid().ToString("N")[..12]);
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
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the OS eventually.
        }
    }
}

/// <summary>The outcome of one in-process mlguard run.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}

internal static class Samples
{
    /// <summary>A training method with an unseeded context: MLG1001 on the creation, MLG1002 on the split.</summary>
    public const string UnseededTraining = """
        using Microsoft.ML;

        public static class Trainer
        {
            public static ITransformer Train(IDataView data)
            {
                var mlContext = new MLContext();
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                var pipeline = mlContext.Transforms.Concatenate("Features", "A", "B")
                    .Append(mlContext.Regression.Trainers.Sdca());
                return pipeline.Fit(split.TrainSet);
            }
        }
        """;

    /// <summary>Inference only: must produce no diagnostic.</summary>
    public const string InferenceOnly = """
        using Microsoft.ML;

        public sealed class Input { public float A { get; set; } }
        public sealed class Output { public float Score { get; set; } }

        public static class Scorer
        {
            public static float Score(string modelPath, Input input)
            {
                var mlContext = new MLContext();
                var model = mlContext.Model.Load(modelPath, out _);
                using var engine = mlContext.Model.CreatePredictionEngine<Input, Output>(model);
                return engine.Predict(input).Score;
            }
        }
        """;

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

internal static class Dotnet
{
    /// <summary>Runs dotnet with arguments and fails the test with its output when it fails.</summary>
    public static void Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host may carry MSBuild variables of the SDK that runs the tests; the child finds its own.
        foreach (var name in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} timed out");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{output}");
    }
}
