namespace MlCodeGuard.Package.Tests;

/// <summary>
/// An app that serves a model through <c>[MlModel]</c> with both packages installed: MlCodeGuard (analyzers and the
/// generator) and MlCodeGuard.Runtime (the attribute and the <c>ModelHost</c> the generated class wraps). The model
/// package and its manifest are the ones samples/TaxiFareTraining published for samples/TaxiFareServing, given to the
/// compiler as AdditionalFiles. Everything is written to a folder outside the repository.
/// </summary>
public static class ModelConsumerProject
{
    public const string ProjectFileName = "ModelConsumer.csproj";

    public const string ModelFile = "TaxiFareModel.cs";

    // Program calls the generated API (Load, Predict, the Version property and the DeclaredVersion constant): if the
    // generator did not run from the package, the build fails with CS0117/CS1061.
    public const string ModelSource = """
        using MlCodeGuard.Runtime;

        namespace ModelConsumer;

        [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip", Version = "1.0.0")]
        public sealed partial class TaxiFareModel;

        public static class Program
        {
            public static int Main()
            {
                using TaxiFareModel model = TaxiFareModel.Load();
                FarePrediction fare = model.Predict(new TaxiTrip { VendorId = "CMT", PassengerCount = 1, TripDistance = 3.5f, PaymentType = "CRD" });
                string? declared = TaxiFareModel.DeclaredVersion;
                System.Console.WriteLine($"{model.Version} (declared {declared}): {fare.FareAmount}");
                return 0;
            }
        }
        """;

    public const string TypesFile = "TaxiTrip.cs";

    /// <summary>The C# types the model's manifest records (VendorId and PaymentType are Text, the others Single).</summary>
    public const string MatchingTypesSource = """
        using Microsoft.ML.Data;

        namespace ModelConsumer;

        public sealed class TaxiTrip
        {
            public string VendorId { get; set; } = "";

            public float PassengerCount { get; set; }

            public float TripDistance { get; set; }

            public string PaymentType { get; set; } = "";
        }

        public sealed class FarePrediction
        {
            [ColumnName("Score")]
            public float FareAmount { get; set; }
        }
        """;

    /// <summary>The same types with <c>TripDistance</c> declared as <c>string</c>: the manifest says Single, so MLG5003.</summary>
    public static string MismatchedTypesSource { get; } = MatchingTypesSource.Replace(
        "public float TripDistance { get; set; }",
        "public string TripDistance { get; set; } = \"\";",
        StringComparison.Ordinal);

    /// <summary>The line of <see cref="TypesFile"/> that declares the mismatched member.</summary>
    public const string MismatchedMember = "TripDistance";

    /// <summary>The folder holding the model package and manifest the served sample is built with.</summary>
    public static string ModelsSource => Path.Combine(DotnetCli.RepoRoot, "samples", "TaxiFareServing", "models");

    /// <summary>
    /// Writes the consumer into <paramref name="directory"/>, referencing both packages at <paramref name="version"/>
    /// from <paramref name="feed"/>; <paramref name="schemaMatches"/> false declares a type the manifest contradicts.
    /// </summary>
    public static void WriteTo(string directory, string feed, string version, bool schemaMatches)
    {
        if (MismatchedTypesSource == MatchingTypesSource)
        {
            throw new InvalidOperationException("The mismatched types are the matching ones: the replacement no longer applies.");
        }

        Directory.CreateDirectory(directory);
        Write(directory, ProjectFileName, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NuGetAudit>false</NuGetAudit>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML" Version="5.0.1" />
                <PackageReference Include="MlCodeGuard.Runtime" Version="{version}" />
                <PackageReference Include="MlCodeGuard" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
              <ItemGroup>
                <AdditionalFiles Include="models/taxi-fare.zip;models/taxi-fare.manifest.json" />
                <None Include="models/taxi-fare.zip;models/taxi-fare.manifest.json" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);

        ConsumerProject.WriteIsolation(directory, feed);

        Write(directory, ModelFile, ModelSource);
        Write(directory, TypesFile, schemaMatches ? MatchingTypesSource : MismatchedTypesSource);

        string models = Path.Combine(directory, "models");
        Directory.CreateDirectory(models);
        foreach (string file in new[] { "taxi-fare.zip", "taxi-fare.manifest.json" })
        {
            File.Copy(Path.Combine(ModelsSource, file), Path.Combine(models, file), overwrite: true);
        }
    }

    private static void Write(string directory, string fileName, string content) => ConsumerProject.Write(directory, fileName, content);
}
