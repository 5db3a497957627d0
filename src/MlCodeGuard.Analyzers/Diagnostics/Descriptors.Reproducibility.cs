using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>MLG1xxx: reproducibility.</summary>
public static partial class Descriptors
{
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
}
