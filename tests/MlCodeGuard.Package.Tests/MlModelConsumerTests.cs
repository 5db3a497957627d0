namespace MlCodeGuard.Package.Tests;

/// <summary>
/// [MlModel] from the packages alone: a consumer that references MlCodeGuard and MlCodeGuard.Runtime (as a user
/// installs them, not through project references as the served sample does) gets the generated class, and the
/// model-contract analyzer reads the manifest from AdditionalFiles and fails the build on a schema mismatch.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class MlModelConsumerTests(PackedPackageFixture package)
{
    [Fact]
    public async Task Build_GeneratesTheModelClass_FromThePackages_WhenTheManifestMatches()
    {
        ConsumerBuild build = await package.BuildModelConsumerAsync("model-consumer", schemaMatches: true);

        // Program calls TaxiFareModel.Load/Predict/Version/DeclaredVersion: a missing generator fails this build.
        Assert.True(build.Restore.Succeeded, "dotnet restore of the [MlModel] consumer failed" + System.Environment.NewLine + build.Restore.Describe());
        Assert.True(build.Build.Succeeded, "dotnet build of the [MlModel] consumer failed" + System.Environment.NewLine + build.DescribeDiagnostics());
        ReportedDiagnostic[] contract = build.Diagnostics.Where(d => d.Id.StartsWith("MLG5", StringComparison.Ordinal)).ToArray();
        Assert.True(contract.Length == 0, "A matching manifest was reported. " + build.DescribeDiagnostics());

        // The runtime assembly came from the packed MlCodeGuard.Runtime and the model was copied beside it.
        string output = Path.Combine(package.Root, "model-consumer", "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "MlCodeGuard.Runtime.dll")), "MlCodeGuard.Runtime.dll is not in " + output);
        Assert.True(File.Exists(Path.Combine(output, "models", "taxi-fare.zip")), "The model package is not in " + output);

        // And the generated loader works: the app loads and verifies the packaged model and predicts once.
        CommandResult run = await package.RunDotnetAsync(output, DotnetCli.DefaultTimeout, Path.Combine(output, "ModelConsumer.dll"));
        Assert.True(run.Succeeded, "The [MlModel] consumer failed to load or predict" + System.Environment.NewLine + run.Describe());
        Assert.Contains("1.0.0 (declared 1.0.0): ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_FailsWithMLG5003_WhenADeclaredTypeContradictsTheManifest()
    {
        ConsumerBuild build = await package.BuildModelConsumerAsync("model-consumer-mismatch", schemaMatches: false);

        Assert.True(build.Restore.Succeeded, "dotnet restore of the [MlModel] consumer failed" + System.Environment.NewLine + build.Restore.Describe());
        Assert.False(build.Build.Succeeded, "A schema mismatch must fail the build (MLG5003 is an error). " + build.DescribeDiagnostics());

        // Reported on the type argument of [MlModel<TaxiTrip, FarePrediction>], naming the member and both types.
        int line = ConsumerProject.LineOf(ModelConsumerProject.ModelSource, "[MlModel<");
        Assert.True(
            build.Diagnostics.Contains(new ReportedDiagnostic(ModelConsumerProject.ModelFile, line, "error", "MLG5003")),
            $"Expected {ModelConsumerProject.ModelFile}({line}): error MLG5003. " + build.DescribeDiagnostics());
        Assert.Contains("Input column 'TripDistance' (TaxiTrip.TripDistance) is", build.Build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(build.Diagnostics, d => d.Id != "MLG5003");
    }
}
