namespace MlCodeGuard.Package.Tests;

/// <summary>
/// The consumer project the package is installed into: one small ML.NET app whose files each exercise one
/// expectation. Everything is written to a folder outside the repository so no Directory.*.props of ours applies.
/// </summary>
public static class ConsumerProject
{
    public const string ProjectFileName = "Consumer.csproj";

    // Trains with an unseeded context: MLG1001 on `new MLContext()`.
    public const string TrainingFile = "Training.cs";
    public const string TrainingSource = """
        using Microsoft.ML;

        namespace Consumer;

        public static class Training
        {
            public static ITransformer Train(string path)
            {
                var mlContext = new MLContext();
                IDataView data = mlContext.Data.LoadFromTextFile<HouseData>(path, separatorChar: ',', hasHeader: true);
                var pipeline = mlContext.Transforms.Concatenate("Features", nameof(HouseData.Size))
                    .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                    .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(HouseData.Price)));
                return pipeline.Fit(data);
            }
        }
        """;

    // Inference only: an unseeded context is fine here, nothing to report.
    public const string InferenceFile = "Inference.cs";
    public const string InferenceSource = """
        using Microsoft.ML;

        namespace Consumer;

        public static class Inference
        {
            public static float Predict(string modelPath, float size)
            {
                var mlContext = new MLContext();
                ITransformer model = mlContext.Model.Load(modelPath, out DataViewSchema _);
                using var engine = mlContext.Model.CreatePredictionEngine<HouseData, HousePrediction>(model);
                return engine.Predict(new HouseData { Size = size }).Score;
            }
        }
        """;

    // A seeded context: the split inherits its seed, nothing to report.
    public const string SeededSplitFile = "SeededSplit.cs";
    public const string SeededSplitSource = """
        using Microsoft.ML;

        namespace Consumer;

        public static class SeededSplit
        {
            public static (IDataView Train, IDataView Test) Split(string path)
            {
                var mlContext = new MLContext(seed: 42);
                IDataView data = mlContext.Data.LoadFromTextFile<HouseData>(path, separatorChar: ',', hasHeader: true);
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                return (split.TrainSet, split.TestSet);
            }
        }
        """;

    // An unseeded context and a split without seed: MLG1002 on `TrainTestSplit` (MLG1001 too, on the creation).
    public const string UnseededSplitFile = "UnseededSplit.cs";
    public const string UnseededSplitSource = """
        using Microsoft.ML;

        namespace Consumer;

        public static class UnseededSplit
        {
            public static (IDataView Train, IDataView Test) Split(string path)
            {
                var mlContext = new MLContext();
                IDataView data = mlContext.Data.LoadFromTextFile<HouseData>(path, separatorChar: ',', hasHeader: true);
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                return (split.TrainSet, split.TestSet);
            }
        }
        """;

    // A seeded context training multi-threaded FastTree: MLG1003 (Info, raised to warning by .editorconfig).
    public const string TreeTrainingFile = "TreeTraining.cs";
    public const string TreeTrainingSource = """
        using Microsoft.ML;

        namespace Consumer;

        public static class TreeTraining
        {
            public static ITransformer Train(string path)
            {
                var mlContext = new MLContext(seed: 1);
                IDataView data = mlContext.Data.LoadFromTextFile<HouseData>(path, separatorChar: ',', hasHeader: true);
                var pipeline = mlContext.Transforms.Concatenate("Features", nameof(HouseData.Size))
                    .Append(mlContext.Regression.Trainers.FastTree(labelColumnName: nameof(HouseData.Price)));
                return pipeline.Fit(data);
            }
        }
        """;

    private const string ModelSource = """
        using Microsoft.ML.Data;

        namespace Consumer;

        public sealed class HouseData
        {
            [LoadColumn(0)]
            public float Size { get; set; }

            [LoadColumn(1)]
            public float Price { get; set; }
        }

        public sealed class HousePrediction
        {
            [ColumnName("Score")]
            public float Score { get; set; }
        }
        """;

    private const string ProgramSource = """
        namespace Consumer;

        public static class Program
        {
            public static int Main() => 0;
        }
        """;

    /// <summary>Writes the consumer into <paramref name="directory"/>, referencing MlCodeGuard <paramref name="version"/> from <paramref name="feed"/>.</summary>
    public static void WriteTo(string directory, string feed, string version)
    {
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
                <PackageReference Include="Microsoft.ML.FastTree" Version="5.0.1" />
                <PackageReference Include="MlCodeGuard" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);

        WriteIsolation(directory, feed);

        Write(directory, ".editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.MLG1003.severity = warning
            """);

        Write(directory, "Program.cs", ProgramSource);
        Write(directory, "HouseData.cs", ModelSource);
        Write(directory, TrainingFile, TrainingSource);
        Write(directory, InferenceFile, InferenceSource);
        Write(directory, SeededSplitFile, SeededSplitSource);
        Write(directory, UnseededSplitFile, UnseededSplitSource);
        Write(directory, TreeTrainingFile, TreeTrainingSource);
    }

    /// <summary>The 1-based line of the single line of <paramref name="source"/> that contains <paramref name="fragment"/>.</summary>
    public static int LineOf(string source, string fragment)
    {
        string[] lines = source.Split('\n');
        int[] matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(fragment, StringComparison.Ordinal)).ToArray();
        if (matches.Length != 1)
        {
            throw new ArgumentException($"'{fragment}' occurs on {matches.Length} lines; the test needs exactly one.", nameof(fragment));
        }
        return matches[0] + 1;
    }

    /// <summary>
    /// The files that make a temp consumer a clean room: a nuget.config that adds the test feed (no &lt;clear/&gt;, so the
    /// machine's feed still serves Microsoft.ML) and empty repository-wide build files that stop MSBuild's upward search.
    /// </summary>
    internal static void WriteIsolation(string directory, string feed)
    {
        // Adds the local feed; no <clear/>, so the machine's feed still serves Microsoft.ML.
        Write(directory, "nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="mlcodeguard-under-test" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // Guards: stop the search for repository-wide build files here, wherever the temp folder is.
        Write(directory, "Directory.Build.props", "<Project />");
        Write(directory, "Directory.Build.targets", "<Project />");
        Write(directory, "Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
    }

    internal static void Write(string directory, string fileName, string content)
        => File.WriteAllText(Path.Combine(directory, fileName), content.ReplaceLineEndings("\n") + "\n");
}
