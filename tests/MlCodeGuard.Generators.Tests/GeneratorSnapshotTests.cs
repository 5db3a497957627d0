using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Generators.Tests;

/// <summary>The generated source, compared with the committed snapshot under Snapshots/.</summary>
public class GeneratorSnapshotTests
{
    internal const string Types = """
        using Microsoft.ML.Data;

        namespace Shop.Models;

        public sealed class ChurnInput
        {
            public float Tenure { get; set; }
            public float MonthlyCharges { get; set; }
        }

        public sealed class ChurnPrediction
        {
            [ColumnName("PredictedLabel")] public bool WillChurn { get; set; }
            public float Score { get; set; }
        }
        """;

    internal const string Model = """
        using MlCodeGuard.Runtime;

        namespace Shop.Models;

        [MlModel<ChurnInput, ChurnPrediction>("models/churn.zip", Version = "1.2.0")]
        public sealed partial class ChurnModel;
        """;

    internal const string ChurnManifest = """
        { "formatVersion": 1, "name": "churn", "version": "1.2.0",
          "inputSchema": [ { "name": "Tenure", "itemType": "Single", "isVector": false, "isKey": false },
                           { "name": "MonthlyCharges", "itemType": "Single", "isVector": false, "isKey": false } ],
          "outputSchema": [ { "name": "PredictedLabel", "itemType": "Boolean", "isVector": false, "isKey": false },
                            { "name": "Score", "itemType": "Single", "isVector": false, "isKey": false } ] }
        """;

    [Fact]
    public void Model_with_manifest_and_version()
    {
        var (output, result) = GeneratorHost.Run(GeneratorHost.Compile(Types, Model),
            new InMemoryAdditionalText("/src/Shop/models/churn.manifest.json", ChurnManifest));
        MatchesSnapshot(result, "Shop.Models.ChurnModel.MlModel.g.cs");
        GeneratorHost.AssertCompiles(output);
    }

    [Fact]
    public void Nested_model_in_global_namespace_without_manifest_or_version()
    {
        const string source = """
            using MlCodeGuard.Runtime;

            public static partial class Models
            {
                public partial record class Inner
                {
                    [MlModel<Shop.Models.ChurnInput, Shop.Models.ChurnPrediction>(@"models\churn.zip")]
                    internal partial class Churn { }
                }
            }
            """;
        var (output, result) = GeneratorHost.Run(GeneratorHost.Compile(Types, source));
        MatchesSnapshot(result, "Models.Inner.Churn.MlModel.g.cs");
        GeneratorHost.AssertCompiles(output);
    }

    [Theory]
    [InlineData("public class Churn { }")]
    [InlineData("public static partial class Churn { }")]
    [InlineData("public partial class Churn<T> { }")]
    public void Classes_the_generator_cannot_complete_get_nothing(string declaration)
    {
        var source = "using MlCodeGuard.Runtime;\n[MlModel<Shop.Models.ChurnInput, Shop.Models.ChurnPrediction>(\"models/churn.zip\")]\n" + declaration;
        var (_, result) = GeneratorHost.Run(GeneratorHost.Compile(Types, source));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Nested_in_a_non_partial_type_gets_nothing()
    {
        const string source = """
            using MlCodeGuard.Runtime;
            public class Outer
            {
                [MlModel<Shop.Models.ChurnInput, Shop.Models.ChurnPrediction>("models/churn.zip")]
                public partial class Churn;
            }
            """;
        var (_, result) = GeneratorHost.Run(GeneratorHost.Compile(Types, source));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void A_manifest_of_another_model_is_not_used()
    {
        var (_, result) = GeneratorHost.Run(GeneratorHost.Compile(Types, Model),
            new InMemoryAdditionalText("/src/Shop/othermodels/churn.manifest.json", ChurnManifest));
        var text = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("public const string? ModelName = null;", text);
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            var (_, result) = GeneratorHost.Run(GeneratorHost.Compile(Types, Model),
                new InMemoryAdditionalText("/src/Shop/models/churn.manifest.json", ChurnManifest));
            MatchesSnapshot(result, "Shop.Models.ChurnModel.MlModel.g.cs");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    private static void MatchesSnapshot(GeneratorRunResult result, string hintName)
    {
        var generated = Assert.Single(result.GeneratedSources);
        Assert.Equal(hintName, generated.HintName);
        var actual = generated.SourceText.ToString().Replace("\r\n", "\n");
        var path = Path.Combine(AppContext.BaseDirectory, "Snapshots", hintName);
        if (Environment.GetEnvironmentVariable("MLGUARD_UPDATE_SNAPSHOTS") is { Length: > 0 } sourceDir)
        {
            // MLGUARD_UPDATE_SNAPSHOTS=<this project's Snapshots folder> rewrites the snapshots; review the diff.
            File.WriteAllText(Path.Combine(sourceDir, hintName), actual);
            return;
        }

        Assert.True(File.Exists(path), "missing snapshot " + path + "; generated:\n" + actual);
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }
}
