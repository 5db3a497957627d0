using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>
/// The one registry of MlCodeGuard descriptors. Tests check that every entry has a doc page under
/// docs/rules, a row in the README rule table and a line in AnalyzerReleases.Unshipped.md.
/// </summary>
public static class Descriptors
{
    /// <summary>Where each rule's page lives; the help link of a descriptor is this plus "MLGxxxx.md".</summary>
    public const string HelpLinkBase = "https://github.com/mlcodeguard/mlcodeguard/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor UnseededMLContext = Create(
        DiagnosticIds.UnseededMLContext,
        "MLContext used for training has no seed",
        "MLContext is created without a seed and this {0} trains ({1}): results change from run to run",
        DiagnosticCategories.Reproducibility,
        DiagnosticSeverity.Warning,
        "An MLContext without a seed makes splits, shuffles and trainers non-deterministic, so a training run cannot be reproduced. Pass a fixed seed when the context trains. Inference-only contexts are not flagged.");

    public static readonly DiagnosticDescriptor UnseededSplitOrShuffle = Create(
        DiagnosticIds.UnseededSplitOrShuffle,
        "Split or shuffle without a seed on a context that is not known to be seeded",
        "'{0}' has no seed and the MLContext it uses is {1}: the rows it picks change from run to run",
        DiagnosticCategories.Reproducibility,
        DiagnosticSeverity.Warning,
        "TrainTestSplit, CrossValidationSplit, CrossValidate, ShuffleRows and BootstrapSample take their seed from the MLContext when none is given. When that context is unseeded, or its seed cannot be known at compile time, the partition is random. Pass seed: explicitly.");

    public static readonly DiagnosticDescriptor NondeterministicTrainerUnderSeed = Create(
        DiagnosticIds.NondeterministicTrainerUnderSeed,
        "Trainer is non-deterministic even under a seeded MLContext",
        "'{0}' runs multi-threaded ({1}): a seeded MLContext alone does not make it reproducible",
        DiagnosticCategories.Reproducibility,
        DiagnosticSeverity.Info,
        "SDCA, SymSGD, FastTree, FastForest and GAM use lock-free parallelism unless NumberOfThreads = 1; LightGBM needs Deterministic = true and NumberOfThreads = 1. The context is seeded, so reproducibility is wanted, but this trainer will still vary between runs.");

    /// <summary>Every descriptor of the package, in ID order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        UnseededMLContext,
        UnseededSplitOrShuffle,
        NondeterministicTrainerUnderSeed);

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
}
