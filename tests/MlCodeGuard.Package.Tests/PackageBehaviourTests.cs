namespace MlCodeGuard.Package.Tests;

/// <summary>
/// What the package does in a real consumer: `dotnet build` reports the rules at the right lines, `.editorconfig`
/// configures them, and `dotnet format analyzers` applies the code fix.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageBehaviourTests(PackedPackageFixture package)
{
    [Fact]
    public async Task Build_ReportsMLG1001_OnTheUnseededTrainingContext()
    {
        ConsumerBuild build = await package.EnsureBuiltAsync();

        int line = ConsumerProject.LineOf(ConsumerProject.TrainingSource, "new MLContext()");
        Assert.True(
            build.Diagnostics.Contains(new ReportedDiagnostic(ConsumerProject.TrainingFile, line, "warning", "MLG1001")),
            $"Expected {ConsumerProject.TrainingFile}({line}): warning MLG1001. " + build.DescribeDiagnostics());
    }

    [Fact]
    public async Task Build_TellsTheAnalyzerItIsABuild_AndADesignTimeBuildThatItIsNot()
    {
        await package.EnsureBuiltAsync();

        // The package's build/MlCodeGuard.targets sets MlCodeGuardAnalysisMode (visible to the compiler): `build` in a
        // build, so the analyzer finds type-wide facts without symbol-start scopes; empty in an IDE's design-time build
        // (and in MSBuildWorkspace, i.e. dotnet format and mlguard), which keeps them.
        CommandResult build = await package.RunDotnetAsync(package.ConsumerDirectory, TimeSpan.FromMinutes(3),
            "msbuild", package.ConsumerProjectPath, "-getProperty:MlCodeGuardAnalysisMode", "-getItem:CompilerVisibleProperty");
        Assert.True(build.Succeeded, build.Describe());
        Assert.Contains("\"MlCodeGuardAnalysisMode\": \"build\"", build.Output, StringComparison.Ordinal);
        Assert.Contains("\"Identity\": \"MlCodeGuardAnalysisMode\"", build.Output, StringComparison.Ordinal);

        CommandResult designTime = await package.RunDotnetAsync(package.ConsumerDirectory, TimeSpan.FromMinutes(3),
            "msbuild", package.ConsumerProjectPath, "-p:DesignTimeBuild=true", "-getProperty:MlCodeGuardAnalysisMode");
        Assert.True(designTime.Succeeded, designTime.Describe());
        Assert.Equal("", designTime.Output.Trim());
    }

    [Fact]
    public async Task Build_ReportsNothing_ForInferenceOnlyCode_OrASeededSplit()
    {
        ConsumerBuild build = await package.EnsureBuiltAsync();

        ReportedDiagnostic[] unexpected = build.Diagnostics
            .Where(d => d.File is ConsumerProject.InferenceFile or ConsumerProject.SeededSplitFile)
            .ToArray();
        Assert.True(unexpected.Length == 0, "Correct code was flagged. " + build.DescribeDiagnostics());
    }

    [Fact]
    public async Task Build_ReportsMLG1002_OnASplitWithoutSeedOverAnUnseededContext()
    {
        ConsumerBuild build = await package.EnsureBuiltAsync();

        int line = ConsumerProject.LineOf(ConsumerProject.UnseededSplitSource, "TrainTestSplit");
        Assert.True(
            build.Diagnostics.Contains(new ReportedDiagnostic(ConsumerProject.UnseededSplitFile, line, "warning", "MLG1002")),
            $"Expected {ConsumerProject.UnseededSplitFile}({line}): warning MLG1002. " + build.DescribeDiagnostics());
    }

    [Fact]
    public async Task Build_ReportsMLG1003_AsWarning_WhenEditorConfigRaisesIt()
    {
        ConsumerBuild build = await package.EnsureBuiltAsync();

        // MLG1003 is Info by default and Info never reaches build output: seeing it as a warning proves both the
        // rule and .editorconfig configuration work from the package.
        int line = ConsumerProject.LineOf(ConsumerProject.TreeTrainingSource, "FastTree(");
        Assert.True(
            build.Diagnostics.Contains(new ReportedDiagnostic(ConsumerProject.TreeTrainingFile, line, "warning", "MLG1003")),
            $"Expected {ConsumerProject.TreeTrainingFile}({line}): warning MLG1003. " + build.DescribeDiagnostics());
    }

    [Fact]
    public async Task DotnetFormat_AppliesTheSeedFix_AndLeavesInferenceCodeAlone()
    {
        // After the build so the diagnostics tests see the original sources whichever test runs first.
        await package.EnsureBuiltAsync();
        string trainingPath = Path.Combine(package.ConsumerDirectory, ConsumerProject.TrainingFile);
        string inferencePath = Path.Combine(package.ConsumerDirectory, ConsumerProject.InferenceFile);
        string inferenceBefore = await File.ReadAllTextAsync(inferencePath);

        CommandResult format = await package.RunDotnetAsync(
            package.ConsumerDirectory,
            DotnetCli.DefaultTimeout,
            "format", "analyzers", package.ConsumerProjectPath,
            "--diagnostics", "MLG1001",
            "--severity", "info",
            "--no-restore",
            "-v", "diag");
        Assert.True(format.Succeeded, "dotnet format failed" + System.Environment.NewLine + format.Describe());

        string trainingAfter = await File.ReadAllTextAsync(trainingPath);
        Assert.True(
            trainingAfter.Contains("new MLContext(seed: 0)", StringComparison.Ordinal) && !trainingAfter.Contains("new MLContext()", StringComparison.Ordinal),
            "The MLG1001 fix was not applied. Training.cs now:" + System.Environment.NewLine + trainingAfter + System.Environment.NewLine + format.Describe());
        Assert.Equal(inferenceBefore, await File.ReadAllTextAsync(inferencePath));
    }
}
