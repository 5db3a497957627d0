using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>How a transform's output column type follows from its input column type.</summary>
internal enum TypeRule
{
    /// <summary>Same type as the input (normalizers, missing-value replacement, copies).</summary>
    Same,

    /// <summary><c>Concatenate</c>: a vector of the inputs' common item type, sizes added.</summary>
    Concatenate,

    /// <summary>Same shape, item becomes a key (<c>MapValueToKey</c>, <c>Hash</c>).</summary>
    ToKey,

    /// <summary>The type the key came from, which the catalog does not track: the column exists, its type is unknown.</summary>
    Unknown,

    /// <summary>Same shape, item given by the <c>outputKind</c> argument (<c>ConvertType</c>, default Single).</summary>
    Convert,

    /// <summary>A known-size vector of Single (one-hot, text featurizing, n-grams, projections).</summary>
    FloatVector,

    /// <summary><c>OneHotEncoding</c>: a known-size Single vector, or keys when <c>outputKind: Key</c>.</summary>
    OneHot,

    /// <summary>Same shape, Boolean items (<c>IndicateMissingValues</c>).</summary>
    Boolean,

    /// <summary>Scalar Single (a per-row score or distance).</summary>
    Float,

    /// <summary>A variable-length vector of strings (word tokens, stop words removed).</summary>
    TokenVector,

    /// <summary>A variable-length vector of keys (character tokens as keys).</summary>
    KeyVector,

    /// <summary>Scalar String (text normalization).</summary>
    Text,

    /// <summary><c>DropColumns</c>: the named columns disappear.</summary>
    Drop,

    /// <summary><c>SelectColumns</c>: only the named columns remain.</summary>
    Select,

    /// <summary>A trainer: outputs follow from its task.</summary>
    Trainer,
}

/// <summary>
/// A column-naming parameter of a catalog method. <see cref="FallbackParameter"/> names the parameter whose value
/// ML.NET uses when this one is null or omitted (<c>inputColumnName</c> defaults to <c>outputColumnName</c>);
/// otherwise the parameter's own default value (<c>labelColumnName = "Label"</c>) applies, and a null default means
/// no column.
/// </summary>
internal sealed class ColumnParameter
{
    public ColumnParameter(string spec)
    {
        var parts = spec.Split('|');
        Name = parts[0];
        FallbackParameter = parts.Length > 1 ? parts[1] : null;
    }

    /// <summary>
    /// A method parameter (<c>inputColumnName</c>); a property of the method's <c>options</c> argument when it starts
    /// with an upper-case letter (<c>InputColumnName</c>); a fixed column name when it starts with '='.
    /// </summary>
    public string Name { get; }

    public string? Literal => Name.StartsWith("=", StringComparison.Ordinal) ? Name.Substring(1) : null;

    public bool IsOptionsProperty => char.IsUpper(Name[0]);

    public string? FallbackParameter { get; }

    /// <summary>The role for messages: "input", "label", "feature", "example weight", "row group".</summary>
    public string Role => Name switch
    {
        "labelColumnName" => "label",
        "featureColumnName" or "featureColumnNames" or "InputColumnName" => "feature",
        "exampleWeightColumnName" => "example weight",
        "rowGroupColumnName" => "row group",
        "samplingKeyColumnName" => "sampling key",
        _ => "input",
    };

    /// <summary>The property of a trainer's Options object that holds the same column name, and its default.</summary>
    public (string Property, string? Default) OptionsProperty => Name switch
    {
        "labelColumnName" => ("LabelColumnName", "Label"),
        "featureColumnName" => ("FeatureColumnName", "Features"),
        "exampleWeightColumnName" => ("ExampleWeightColumnName", null),
        "rowGroupColumnName" => ("RowGroupColumnName", "GroupId"),
        _ => (char.ToUpperInvariant(Name[0]) + Name.Substring(1), null),
    };
}

/// <summary>One ML.NET catalog method: the columns it reads and writes and how it types its output.</summary>
internal sealed class CatalogEntry
{
    public CatalogEntry(string catalog, string method, string reads, string writes, TypeRule rule, TrainerTask task = TrainerTask.None, bool calibrated = false)
    {
        Catalog = catalog;
        Method = method;
        Reads = Parse(reads);
        Writes = Parse(writes);
        Rule = rule;
        Task = task;
        Calibrated = calibrated;
    }

    /// <summary>The simple name of the catalog type the method is called on (the extension's <c>this</c> type).</summary>
    public string Catalog { get; }

    public string Method { get; }

    /// <summary>Parameters naming the columns the step reads (string or <c>params string[]</c>).</summary>
    public ImmutableArray<ColumnParameter> Reads { get; }

    /// <summary>Parameters naming the columns the step writes.</summary>
    public ImmutableArray<ColumnParameter> Writes { get; }

    public TypeRule Rule { get; }

    public TrainerTask Task { get; }

    /// <summary>For binary trainers: true when the model outputs a Probability column.</summary>
    public bool Calibrated { get; }

    public bool IsTrainer => Task != TrainerTask.None;

    private static ImmutableArray<ColumnParameter> Parse(string spec)
        => spec.Length == 0
            ? ImmutableArray<ColumnParameter>.Empty
            : spec.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(s => new ColumnParameter(s)).ToImmutableArray();
}

/// <summary>
/// The estimator catalog, as data: one row per ML.NET catalog method the schema rules understand. A method of an
/// ML.NET catalog that is not listed here makes the schema open (nothing is guessed past it); so do, deliberately,
/// <c>CustomMapping</c> and <c>StatefulCustomMapping</c>, whose columns are user code.
/// </summary>
internal static class EstimatorCatalog
{
    // Shorthands for the rows below.
    private const string InOut = "inputColumnName|outputColumnName";
    private const string Out = "outputColumnName";
    private const string Trainer = "labelColumnName featureColumnName exampleWeightColumnName";
    private const string Ranker = "labelColumnName featureColumnName rowGroupColumnName exampleWeightColumnName";
    private const string TreeOutputs = "TreesColumnName LeavesColumnName PathsColumnName";
    private const string Unsupervised = "featureColumnName exampleWeightColumnName";

    private static CatalogEntry T(string catalog, string method, string reads, string writes, TypeRule rule) => new(catalog, method, reads, writes, rule);

    private static CatalogEntry Binary(string method, bool calibrated, string reads = Trainer) => new("BinaryClassificationTrainers", method, reads, "", TypeRule.Trainer, TrainerTask.Binary, calibrated);

    private static CatalogEntry Multi(string method, string reads = Trainer) => new("MulticlassClassificationTrainers", method, reads, "", TypeRule.Trainer, TrainerTask.Multiclass);

    private static CatalogEntry Reg(string method, string reads = Trainer) => new("RegressionTrainers", method, reads, "", TypeRule.Trainer, TrainerTask.Regression);

    public static ImmutableArray<CatalogEntry> Entries { get; } = ImmutableArray.Create(
        // TransformsCatalog: column plumbing.
        T("TransformsCatalog", "Concatenate", "inputColumnNames", Out, TypeRule.Concatenate),
        T("TransformsCatalog", "CopyColumns", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "DropColumns", "columnNames", "", TypeRule.Drop),
        T("TransformsCatalog", "SelectColumns", "columnNames", "", TypeRule.Select),

        // Normalizers keep the input's type.
        T("TransformsCatalog", "NormalizeMinMax", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeMeanVariance", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeLogMeanVariance", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeBinning", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeSupervisedBinning", InOut + " labelColumnName", Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeRobustScaling", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeLpNorm", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "NormalizeGlobalContrast", InOut, Out, TypeRule.Same),

        // Missing values.
        T("TransformsCatalog", "ReplaceMissingValues", InOut, Out, TypeRule.Same),
        T("TransformsCatalog", "IndicateMissingValues", InOut, Out, TypeRule.Boolean),

        // Projections and kernel maps: a known-size Single vector.
        T("TransformsCatalog", "ProjectToPrincipalComponents", InOut + " exampleWeightColumnName", Out, TypeRule.FloatVector),
        T("TransformsCatalog", "ApproximatedKernelMap", InOut, Out, TypeRule.FloatVector),

        // Tree featurizers: named by their Options object; each named output is a known-size Single vector.
        T("TransformsCatalog", "FeaturizeByFastTreeBinary", "InputColumnName", TreeOutputs, TypeRule.FloatVector),
        T("TransformsCatalog", "FeaturizeByFastTreeRegression", "InputColumnName", TreeOutputs, TypeRule.FloatVector),
        T("TransformsCatalog", "FeaturizeByFastTreeRanking", "InputColumnName", TreeOutputs, TypeRule.FloatVector),
        T("TransformsCatalog", "FeaturizeByFastTreeTweedie", "InputColumnName", TreeOutputs, TypeRule.FloatVector),
        T("TransformsCatalog", "FeaturizeByFastForestBinary", "InputColumnName", TreeOutputs, TypeRule.FloatVector),
        T("TransformsCatalog", "FeaturizeByFastForestRegression", "InputColumnName", TreeOutputs, TypeRule.FloatVector),
        T("TransformsCatalog", "FeaturizeByPretrainTreeEnsemble", "InputColumnName", TreeOutputs, TypeRule.FloatVector),

        // Model explanation: a fixed output column.
        T("TransformsCatalog", "CalculateFeatureContribution", "", "=FeatureContributions", TypeRule.FloatVector),

        // An expression over named inputs; its result type depends on the expression text.
        T("TransformsCatalog", "Expression", "inputColumnNames", Out, TypeRule.Unknown),

        // Feature selection keeps the item type and yields a known-size vector.
        T("FeatureSelectionTransforms", "SelectFeaturesBasedOnCount", InOut, Out, TypeRule.Same),
        T("FeatureSelectionTransforms", "SelectFeaturesBasedOnMutualInformation", InOut + " labelColumnName", Out, TypeRule.Same),

        // Conversions.
        T("ConversionTransforms", "MapValueToKey", InOut, Out, TypeRule.ToKey),
        T("ConversionTransforms", "MapKeyToValue", InOut, Out, TypeRule.Unknown),
        T("ConversionTransforms", "MapKeyToVector", InOut, Out, TypeRule.FloatVector),
        T("ConversionTransforms", "MapKeyToBinaryVector", InOut, Out, TypeRule.FloatVector),
        T("ConversionTransforms", "MapValue", InOut, Out, TypeRule.Unknown),
        T("ConversionTransforms", "ConvertType", InOut, Out, TypeRule.Convert),
        T("ConversionTransforms", "Hash", InOut, Out, TypeRule.ToKey),

        // Categorical.
        T("CategoricalTransforms", "OneHotEncoding", InOut, Out, TypeRule.OneHot),
        T("CategoricalTransforms", "OneHotHashEncoding", InOut, Out, TypeRule.OneHot),

        // Text.
        T("TextTransforms", "FeaturizeText", "inputColumnNames " + InOut, Out, TypeRule.FloatVector),
        T("TextTransforms", "NormalizeText", InOut, Out, TypeRule.Text),
        T("TextTransforms", "TokenizeIntoWords", InOut, Out, TypeRule.TokenVector),
        T("TextTransforms", "TokenizeIntoCharactersAsKeys", InOut, Out, TypeRule.KeyVector),
        T("TextTransforms", "RemoveDefaultStopWords", InOut, Out, TypeRule.Same),
        T("TextTransforms", "RemoveStopWords", InOut, Out, TypeRule.Same),
        T("TextTransforms", "ProduceNgrams", InOut, Out, TypeRule.FloatVector),
        T("TextTransforms", "ProduceWordBags", InOut, Out, TypeRule.FloatVector),
        T("TextTransforms", "ProduceHashedNgrams", InOut, Out, TypeRule.FloatVector),
        T("TextTransforms", "ProduceHashedWordBags", InOut, Out, TypeRule.FloatVector),
        T("TextTransforms", "LatentDirichletAllocation", InOut, Out, TypeRule.FloatVector),
        T("TextTransforms", "ApplyWordEmbedding", InOut, Out, TypeRule.FloatVector),

        // Binary classification: Score, PredictedLabel, and Probability when calibrated.
        Binary("SdcaLogisticRegression", calibrated: true),
        Binary("SdcaNonCalibrated", calibrated: false),
        Binary("SgdCalibrated", calibrated: true),
        Binary("SgdNonCalibrated", calibrated: false),
        Binary("LbfgsLogisticRegression", calibrated: true),
        Binary("AveragedPerceptron", calibrated: false, reads: "labelColumnName featureColumnName"),
        Binary("LinearSvm", calibrated: false),
        Binary("LdSvm", calibrated: false),
        Binary("FieldAwareFactorizationMachine", calibrated: true, reads: "featureColumnName featureColumnNames labelColumnName exampleWeightColumnName"),
        Binary("Prior", calibrated: true, reads: "labelColumnName exampleWeightColumnName"),
        Binary("FastTree", calibrated: true),
        Binary("FastForest", calibrated: false),
        Binary("Gam", calibrated: true),
        Binary("LightGbm", calibrated: true),

        // Multiclass: Score is a vector, PredictedLabel a key.
        Multi("SdcaMaximumEntropy"),
        Multi("SdcaNonCalibrated"),
        Multi("LbfgsMaximumEntropy"),
        Multi("NaiveBayes", reads: "labelColumnName featureColumnName"),
        Multi("LightGbm"),

        // Meta-trainers: the features are the binary estimator's, which is not visible here.
        Multi("OneVersusAll", reads: "labelColumnName"),
        Multi("PairwiseCoupling", reads: "labelColumnName"),

        // Regression: Score.
        Reg("Sdca"),
        Reg("LbfgsPoissonRegression"),
        Reg("OnlineGradientDescent", reads: "labelColumnName featureColumnName"),
        Reg("FastTree"),
        Reg("FastForest"),
        Reg("FastTreeTweedie"),
        Reg("Gam"),
        Reg("LightGbm"),

        // Ranking: Score; the row group column is required.
        new CatalogEntry("RankingTrainers", "FastTree", Ranker, "", TypeRule.Trainer, TrainerTask.Ranking),
        new CatalogEntry("RankingTrainers", "LightGbm", Ranker, "", TypeRule.Trainer, TrainerTask.Ranking),

        // Clustering and anomaly detection: no label.
        new CatalogEntry("ClusteringTrainers", "KMeans", Unsupervised, "", TypeRule.Trainer, TrainerTask.Clustering),
        new CatalogEntry("AnomalyDetectionTrainers", "RandomizedPca", Unsupervised, "", TypeRule.Trainer, TrainerTask.AnomalyDetection));

    private static readonly Dictionary<(string, string), CatalogEntry> ByName = Index();

    public static CatalogEntry? Find(string catalog, string method) => ByName.TryGetValue((catalog, method), out var entry) ? entry : null;

    private static Dictionary<(string, string), CatalogEntry> Index()
    {
        var index = new Dictionary<(string, string), CatalogEntry>();
        foreach (var entry in Entries)
        {
            index[(entry.Catalog, entry.Method)] = entry;
        }

        return index;
    }
}
