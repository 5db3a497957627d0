using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Semantics.Serving;

/// <summary>
/// What a training chain costs and needs, as data over the <see cref="EstimatorCatalog"/> rows: which trainers pass
/// over their data many times (MLG4005) or need scaled features (MLG4006), which steps are expensive to recompute, and
/// whether the data given to <c>Fit</c> is read from a file on every pass.
/// </summary>
internal static class TrainerCost
{
    private const int MaxDepth = 32;

    /// <summary>SDCA, L-BFGS, the online linear trainers and KMeans: iterative, many passes over the rows.</summary>
    private static readonly HashSet<(string, string)> MultiPass = new()
    {
        ("BinaryClassificationTrainers", "SdcaLogisticRegression"),
        ("BinaryClassificationTrainers", "SdcaNonCalibrated"),
        ("BinaryClassificationTrainers", "LbfgsLogisticRegression"),
        ("BinaryClassificationTrainers", "AveragedPerceptron"),
        ("BinaryClassificationTrainers", "LinearSvm"),
        ("MulticlassClassificationTrainers", "SdcaMaximumEntropy"),
        ("MulticlassClassificationTrainers", "SdcaNonCalibrated"),
        ("MulticlassClassificationTrainers", "LbfgsMaximumEntropy"),
        ("RegressionTrainers", "Sdca"),
        ("RegressionTrainers", "LbfgsPoissonRegression"),
        ("RegressionTrainers", "OnlineGradientDescent"),
        ("ClusteringTrainers", "KMeans"),
    };

    /// <summary>Trainers ML.NET documents with "Is normalization required? Yes": linear models and KMeans.</summary>
    private static readonly HashSet<(string, string)> ScaleSensitive = new(MultiPass)
    {
        ("BinaryClassificationTrainers", "SgdCalibrated"),
        ("BinaryClassificationTrainers", "SgdNonCalibrated"),
    };

    /// <summary>Featurizers whose per-row work dwarfs a trainer's pass: text, n-grams, embeddings, tree featurizers, LDA.</summary>
    private static readonly HashSet<string> ExpensiveSteps = new(StringComparer.Ordinal)
    {
        "FeaturizeText", "TokenizeIntoWords", "TokenizeIntoCharactersAsKeys", "ProduceNgrams", "ProduceWordBags",
        "ProduceHashedNgrams", "ProduceHashedWordBags", "ApplyWordEmbedding", "LatentDirichletAllocation",
        "FeaturizeByFastTreeBinary", "FeaturizeByFastTreeRegression", "FeaturizeByFastTreeRanking", "FeaturizeByFastTreeTweedie",
        "FeaturizeByFastForestBinary", "FeaturizeByFastForestRegression", "FeaturizeByPretrainTreeEnsemble",
    };

    public static bool IsMultiPass(CatalogEntry entry) => MultiPass.Contains((entry.Catalog, entry.Method));

    public static bool NeedsNormalization(CatalogEntry entry) => ScaleSensitive.Contains((entry.Catalog, entry.Method));

    public static bool IsExpensive(CatalogEntry entry) => ExpensiveSteps.Contains(entry.Method);

    /// <summary>
    /// Why reading the rows of <paramref name="data"/> again costs a file read or a featurizer run ("is re-read from
    /// the file loaded by 'LoadFromTextFile'", "'FeaturizeText' recomputes"), or null when the rows are in memory, cached
    /// or not known.
    /// </summary>
    public static string? UncachedSource(IOperation? data, SchemaTypes types) => Source(data, types, 0);

    private static string? Source(IOperation? data, SchemaTypes types, int depth)
    {
        data = MlCall.Unwrap(data);
        if (data is null || depth > MaxDepth)
        {
            return null;
        }

        switch (data)
        {
            case ILocalReferenceOperation local:
                return LocalFlow.SingleAssignedValue(local) is { } value ? Source(value, types, depth + 1) : null;
            case IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet", Instance: { } split }:
                return SplitCall(split, depth) is { } call && MlCall.Argument(call, "data") is { } source ? Source(source.Value, types, depth + 1) : null;
            case IInvocationOperation invocation when MlTypes.IsFromMlNet(invocation.TargetMethod):
                return FromInvocation(invocation, types, depth);
            default:
                return null;
        }
    }

    private static string? FromInvocation(IInvocationOperation invocation, SchemaTypes types, int depth)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "LoadFromTextFile" or "LoadFromBinary" or "LoadFromSvmLightFile" or "LoadFromSvmLightFileWithFeatureNames":
                return $"is re-read from the file loaded by '{method.Name}'";
            case "Load" when LoaderName(invocation) is { } loader:
                return $"is re-read from the source of '{loader}.Load'";
            case "ShuffleRows" or "SkipRows" or "TakeRows" or "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction":
                return MlCall.Argument(invocation, "input") is { } input ? Source(input.Value, types, depth + 1) : null;
            case "Transform" when invocation.Arguments.Length == 1 && types.Ml.IsDataView(method.ReturnType):
                // model.Transform(x) is lazy: every pass re-runs the fitted chain over x.
                if (SchemaFlow.FitOf(invocation.Instance, types.Ml)?.Instance is { } estimator)
                {
                    foreach (var node in ChainSteps.Of(estimator, types))
                    {
                        if (node.Entry is { } entry && IsExpensive(entry))
                        {
                            return $"'{entry.Method}' (in the fitted chain whose Transform feeds it) recomputes";
                        }
                    }
                }

                return Source(invocation.Arguments[0].Value, types, depth + 1);
            default:
                return null; // Cache, LoadFromEnumerable, anything else: in memory or not known.
        }
    }

    /// <summary>The loader a <c>Load</c> is called on (the instance, or the receiver of the <c>Load(path)</c> extension).</summary>
    private static string? LoaderName(IInvocationOperation invocation)
    {
        var receiver = invocation.Instance
            ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        var name = MlCall.Unwrap(receiver)?.Type?.Name;
        return name is "TextLoader" or "BinaryLoader" or "DatabaseLoader" or "SvmLightLoader" ? name : null;
    }

    private static IInvocationOperation? SplitCall(IOperation? split, int depth)
    {
        split = MlCall.Unwrap(split);
        return split switch
        {
            IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } call when MlTypes.IsFromMlNet(call.TargetMethod) => call,
            ILocalReferenceOperation local when depth < MaxDepth && LocalFlow.SingleAssignedValue(local) is { } value => SplitCall(value, depth + 1),
            _ => null,
        };
    }
}
