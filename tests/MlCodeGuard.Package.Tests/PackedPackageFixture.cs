using System.Text.RegularExpressions;

namespace MlCodeGuard.Package.Tests;

/// <summary>
/// Packs MlCodeGuard once per test run, under a version no cache has seen, into a local feed, and builds the
/// consumer against it once. MlCodeGuard.Runtime is packed into the same feed under the same version when a test
/// needs it (the [MlModel] consumers). Every dotnet process uses an isolated package cache so a stale package of the same
/// version can never be restored (the end-to-end pitfall of analyzer packages).
/// </summary>
public sealed partial class PackedPackageFixture : IDisposable
{
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(10);

    private readonly Lazy<Task<CommandResult>> _pack;
    private readonly Lazy<Task<CommandResult>> _packRuntime;
    private readonly Lazy<Task<ConsumerBuild>> _build;

    public PackedPackageFixture()
    {
        Version = "0.0.0-test." + DateTime.UtcNow.Ticks;
        Root = Path.Combine(Path.GetTempPath(), "mlg-package-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        ConsumerDirectory = Path.Combine(Root, "consumer");
        Directory.CreateDirectory(Feed);
        Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };
        _pack = new Lazy<Task<CommandResult>>(PackAsync);
        _packRuntime = new Lazy<Task<CommandResult>>(PackRuntimeAsync);
        _build = new Lazy<Task<ConsumerBuild>>(BuildConsumerAsync);
    }

    public string Version { get; }

    public string Root { get; }

    public string Feed { get; }

    public string ConsumerDirectory { get; }

    public string PackagePath => Path.Combine(Feed, $"MlCodeGuard.{Version}.nupkg");

    public string RuntimePackagePath => Path.Combine(Feed, $"MlCodeGuard.Runtime.{Version}.nupkg");

    public string ConsumerProjectPath => Path.Combine(ConsumerDirectory, ConsumerProject.ProjectFileName);

    /// <summary>The variables every child dotnet process gets: the isolated package cache.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>`dotnet pack` of src/MlCodeGuard.Package; asserts it succeeded.</summary>
    public async Task<CommandResult> EnsurePackedAsync()
    {
        CommandResult result = await _pack.Value;
        Assert.True(result.Succeeded, "dotnet pack failed" + System.Environment.NewLine + result.Describe());
        Assert.True(File.Exists(PackagePath), $"{PackagePath} was not produced" + System.Environment.NewLine + result.Describe());
        return result;
    }

    /// <summary>`dotnet pack` of src/MlCodeGuard.Runtime after MlCodeGuard's; asserts both succeeded.</summary>
    public async Task<CommandResult> EnsureRuntimePackedAsync()
    {
        CommandResult result = await _packRuntime.Value;
        Assert.True(result.Succeeded, "dotnet pack of MlCodeGuard.Runtime failed" + System.Environment.NewLine + result.Describe());
        Assert.True(File.Exists(RuntimePackagePath), $"{RuntimePackagePath} was not produced" + System.Environment.NewLine + result.Describe());
        return result;
    }

    /// <summary>
    /// Writes an [MlModel] consumer into <paramref name="name"/> under the temporary root (see
    /// <see cref="ModelConsumerProject"/>), restores it and builds it once (`--no-incremental`). The result is returned
    /// whether or not the build succeeded: a schema mismatch is expected to fail it.
    /// </summary>
    public async Task<ConsumerBuild> BuildModelConsumerAsync(string name, bool schemaMatches)
    {
        await EnsurePackedAsync();
        await EnsureRuntimePackedAsync();
        string directory = Path.Combine(Root, name);
        ModelConsumerProject.WriteTo(directory, Feed, Version, schemaMatches);
        return await RestoreAndBuildAsync(directory, Path.Combine(directory, ModelConsumerProject.ProjectFileName));
    }

    /// <summary>Restore and a full (`--no-incremental`) build of the consumer; asserts both succeeded.</summary>
    public async Task<ConsumerBuild> EnsureBuiltAsync()
    {
        ConsumerBuild build = await _build.Value;
        Assert.True(build.Restore.Succeeded, "dotnet restore of the consumer failed" + System.Environment.NewLine + build.Restore.Describe());
        Assert.True(build.Build.Succeeded, "dotnet build of the consumer failed" + System.Environment.NewLine + build.Build.Describe());
        return build;
    }

    public Task<CommandResult> RunDotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
        => DotnetCli.RunAsync(workingDirectory, Environment, timeout, arguments);

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("MLG_KEEP_PACKAGE_TEST_DIR") == "1")
        {
            return;
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in the temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Packs a private copy of the compiler-extension sources. Packing the working tree itself would restore its
    /// projects against the isolated cache (rewriting their obj/project.assets.json to point into this temporary
    /// folder) while `dotnet test MlCodeGuard.sln` builds the same projects in parallel, and the deleted cache
    /// then breaks that build (NETSDK1064).
    /// </summary>
    private Task<CommandResult> PackAsync()
    {
        string source = Path.Combine(Root, "source");
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config", "global.json" })
        {
            string from = Path.Combine(DotnetCli.RepoRoot, file);
            if (File.Exists(from))
            {
                Directory.CreateDirectory(source);
                File.Copy(from, Path.Combine(source, file), overwrite: true);
            }
        }
        File.Copy(Path.Combine(DotnetCli.RepoRoot, "src", "Directory.Build.props"), Path.Combine(source, "src", "Directory.Build.props").EnsureParent(), overwrite: true);
        foreach (string project in new[] { "MlCodeGuard.Analyzers", "MlCodeGuard.CodeFixes", "MlCodeGuard.Generators", "MlCodeGuard.Package" })
        {
            CopySources(Path.Combine(DotnetCli.RepoRoot, "src", project), Path.Combine(source, "src", project));
        }
        return RunDotnetAsync(
            source,
            RestoreTimeout,
            "pack", Path.Combine(source, "src", "MlCodeGuard.Package", "MlCodeGuard.Package.csproj"),
            "-c", "Release",
            "-o", Feed,
            "-p:Version=" + Version,
            "--disable-build-servers",
            "-tl:off");
    }

    /// <summary>
    /// Packs a private copy of src/MlCodeGuard.Runtime into the same feed under the same version, after
    /// <see cref="PackAsync"/> has written the shared build files into the copy (never concurrently with it).
    /// </summary>
    private async Task<CommandResult> PackRuntimeAsync()
    {
        CommandResult analyzers = await _pack.Value;
        if (!analyzers.Succeeded)
        {
            return analyzers;
        }
        string source = Path.Combine(Root, "source");
        CopySources(Path.Combine(DotnetCli.RepoRoot, "src", "MlCodeGuard.Runtime"), Path.Combine(source, "src", "MlCodeGuard.Runtime"));
        return await RunDotnetAsync(
            source,
            RestoreTimeout,
            "pack", Path.Combine(source, "src", "MlCodeGuard.Runtime", "MlCodeGuard.Runtime.csproj"),
            "-c", "Release",
            "-o", Feed,
            "-p:Version=" + Version,
            "--disable-build-servers",
            "-tl:off");
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
        foreach (string directory in Directory.EnumerateDirectories(from))
        {
            string name = Path.GetFileName(directory);
            if (name is "bin" or "obj")
            {
                continue;
            }
            CopySources(directory, Path.Combine(to, name));
        }
    }

    private async Task<ConsumerBuild> BuildConsumerAsync()
    {
        await EnsurePackedAsync();
        ConsumerProject.WriteTo(ConsumerDirectory, Feed, Version);
        return await RestoreAndBuildAsync(ConsumerDirectory, ConsumerProjectPath);
    }

    private async Task<ConsumerBuild> RestoreAndBuildAsync(string directory, string projectPath)
    {
        CommandResult restore = await RunDotnetAsync(directory, RestoreTimeout, "restore", projectPath, "-tl:off");
        if (!restore.Succeeded)
        {
            return new ConsumerBuild(restore, restore, []);
        }
        CommandResult build = await RunDotnetAsync(
            directory,
            DotnetCli.DefaultTimeout,
            "build", projectPath,
            "--no-restore",
            "--no-incremental",
            "--disable-build-servers",
            "-tl:off",
            "-v:minimal");
        return new ConsumerBuild(restore, build, ParseDiagnostics(build.Output));
    }

    private static IReadOnlyList<ReportedDiagnostic> ParseDiagnostics(string output)
        => DiagnosticLine().Matches(output)
            .Select(m => new ReportedDiagnostic(
                Path.GetFileName(m.Groups["file"].Value.Trim()),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["severity"].Value,
                m.Groups["id"].Value))
            .Distinct()
            .ToList();

    // MSBuild's canonical format: path(line,col): severity ID: message [project]
    [GeneratedRegex(@"^\s*(?<file>[^\r\n]+?)\((?<line>\d+),\d+(?:,\d+,\d+)?\): (?<severity>warning|error|info) (?<id>MLG\d{4}):", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}

/// <summary>One MLG diagnostic as `dotnet build` printed it.</summary>
public sealed record ReportedDiagnostic(string File, int Line, string Severity, string Id)
{
    public override string ToString() => $"{File}({Line}): {Severity} {Id}";
}

public sealed record ConsumerBuild(CommandResult Restore, CommandResult Build, IReadOnlyList<ReportedDiagnostic> Diagnostics)
{
    public string DescribeDiagnostics()
        => "MLG diagnostics reported: [" + string.Join(", ", Diagnostics) + "]" + System.Environment.NewLine + Build.Describe();
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackageFixture>
{
    public const string Name = "Packed MlCodeGuard package";
}

internal static class PathExtensions
{
    /// <summary>Creates the folder that will hold <paramref name="path"/> and returns the path.</summary>
    public static string EnsureParent(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
