using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using Xunit;
using V = MlCodeGuard.Analyzers.Tests.Verifiers.ContractVerify<MlCodeGuard.Analyzers.Rules.InvalidModelVersionAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class InvalidModelVersionAnalyzerTests
{
    private static DiagnosticResult Invalid(string message) => new DiagnosticResult(Descriptors.InvalidModelVersion).WithLocation(0).WithArguments(message);

    [Theory]
    [InlineData("1.2")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    public Task Attribute_version_that_is_not_semver(string version)
        => V.AnalyzerAsync(ContractFixtures.Types + $$"""
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = {|#0:"{{version}}"|})]
            public partial class TaxiFareModel;
            """, [],
            Invalid($"Version '{version}' in [MlModel] is not a Semantic Versioning 2.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])"));

    [Fact]
    public Task Manifest_version_that_is_not_semver_is_reported_on_the_path()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>({|#0:"models/taxi-fare.zip"|})]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(version: "2024-05"),
            Invalid("The manifest 'models/taxi-fare.manifest.json' says version '2024-05', which is not a Semantic Versioning 2.0 version"));

    [Fact]
    public Task Versions_that_disagree()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = {|#0:"1.1.0"|})]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(version: "1.0.0"),
            Invalid("[MlModel] says version 1.1.0, but the manifest 'models/taxi-fare.manifest.json' says 1.0.0: the generated loader would refuse the model at start-up"));

    [Fact]
    public Task Prerelease_is_a_different_version()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = {|#0:"1.0.0"|})]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(version: "1.0.0-rc.1"),
            Invalid("[MlModel] says version 1.0.0, but the manifest 'models/taxi-fare.manifest.json' says 1.0.0-rc.1: the generated loader would refuse the model at start-up"));

    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("1.0.0+build.7", "1.0.0")]
    [InlineData("2.0.0-rc.1+sha.5114f85", "2.0.0-rc.1")]
    [InlineData(null, "3.4.5")]
    public Task Valid_and_agreeing_versions_are_fine(string? declared, string recorded)
        => V.AnalyzerAsync(ContractFixtures.Types + $$"""
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip"{{(declared is null ? "" : $", Version = \"{declared}\"")}})]
            public partial class TaxiFareModel;
            """, ContractFixtures.Files(version: recorded));

    [Fact]
    public Task Valid_attribute_version_without_a_manifest_is_fine()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = "1.0.0")]
            public partial class TaxiFareModel;
            """, []);
}
