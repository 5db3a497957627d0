using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using Xunit;
using V = MlCodeGuard.Analyzers.Tests.Verifiers.ContractVerify<MlCodeGuard.Analyzers.Rules.ModelFileNotFoundAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class ModelFileNotFoundAnalyzerTests
{
    private const string Model = """
        [MlModel<TaxiTrip, FarePrediction>({|#0:"models/taxi-fare.zip"|}, Version = "1.0.0")]
        public partial class TaxiFareModel;
        """;

    [Fact]
    public Task Model_missing_from_additional_files_is_reported_on_the_path()
        => V.AnalyzerAsync(ContractFixtures.Types + Model, [],
            new DiagnosticResult(Descriptors.ModelFileNotFound).WithLocation(0).WithArguments(
                "Model file", "models/taxi-fare.zip", "add it (and its manifest) as <AdditionalFiles> so the contract is checked at compile time"));

    [Fact]
    public Task Model_without_its_manifest_is_reported()
        => V.AnalyzerAsync(ContractFixtures.Types + Model, [("/src/Serving/models/taxi-fare.zip", "PK")],
            new DiagnosticResult(Descriptors.ModelFileNotFound).WithLocation(0).WithArguments(
                "Manifest", "models/taxi-fare.manifest.json", "without it the model's schema and version cannot be checked at compile time"));

    [Fact]
    public Task A_file_of_the_same_name_in_another_folder_does_not_count()
        => V.AnalyzerAsync(ContractFixtures.Types + Model,
            [("/src/Serving/oldmodels/taxi-fare.zip", "PK"), ("/src/Serving/oldmodels/taxi-fare.manifest.json", "{}")],
            new DiagnosticResult(Descriptors.ModelFileNotFound).WithLocation(0).WithArguments(
                "Model file", "models/taxi-fare.zip", "add it (and its manifest) as <AdditionalFiles> so the contract is checked at compile time"));

    [Fact]
    public Task Model_and_manifest_present_is_fine_whatever_the_separators()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;

            [MlModel<TaxiTrip, FarePrediction>(@".\models\taxi-fare.zip")]
            public partial class WindowsStyle;
            """, ContractFixtures.Files());
}
