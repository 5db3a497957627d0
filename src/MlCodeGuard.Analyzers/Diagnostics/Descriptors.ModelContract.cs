using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>MLG5xxx: the model contract of <c>[MlModel]</c> types (reported by analyzers, not by the generator).</summary>
public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor MlModelTypeMustBePartial = Create(
        DiagnosticIds.MlModelTypeMustBePartial,
        "[MlModel] type must be a non-generic, non-static partial class",
        "'{0}' {1}: the [MlModel] generator adds the loader and prediction API to a non-generic, non-static partial class whose containing types are partial",
        DiagnosticCategories.ModelContract,
        DiagnosticSeverity.Error,
        "The source generator completes the class declared with [MlModel] with a second partial declaration (Load, Predict, Rent, Reload, GetHealth). It cannot do so for a class that is not partial, is nested in a type that is not partial, is generic (the model's input and output types are fixed by the attribute) or is static (the loaded model is an instance). No code is generated for such a class.");

    public static readonly DiagnosticDescriptor ModelFileNotFound = Create(
        DiagnosticIds.ModelFileNotFound,
        "Model file named by [MlModel] is not among the AdditionalFiles",
        "{0} '{1}' is not among the project's AdditionalFiles: {2}",
        DiagnosticCategories.ModelContract,
        DiagnosticSeverity.Warning,
        "The model package named by [MlModel] and its manifest (<model>.manifest.json) must be AdditionalFiles of the project so that the compiler can check the contract (MLG5003, MLG5004) and the generator can pin the model's name. Add <AdditionalFiles Include=\"models/churn.zip;models/churn.manifest.json\" /> (and copy them to the output directory, where the generated Load looks for the model).");

    public static readonly DiagnosticDescriptor ModelSchemaMismatch = Create(
        DiagnosticIds.ModelSchemaMismatch,
        "Model schema does not match the declared input or output type",
        "{0} column '{1}' ({2}) {3}",
        DiagnosticCategories.ModelContract,
        DiagnosticSeverity.Error,
        "The manifest beside the model records the model's input and output schema. A member of the input type that the model reads with another item type or vector size, or a member of the output type that the model does not produce or produces with another type, makes the runtime's loader refuse the model at start-up (ModelVerificationException, kind 'schema') and ML.NET throw when binding a prediction engine. The check uses the same column naming as ML.NET ([ColumnName], [VectorType], [KeyType], [NoColumn]).");

    public static readonly DiagnosticDescriptor InvalidModelVersion = Create(
        DiagnosticIds.InvalidModelVersion,
        "Model version is not valid SemVer 2.0 or disagrees with the manifest",
        "{0}",
        DiagnosticCategories.ModelContract,
        DiagnosticSeverity.Error,
        "The version in [MlModel] and the version in the model's manifest must both be Semantic Versioning 2.0 versions (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]) and must agree (build metadata aside): the generated loader refuses, at start-up, a model of another version than the one the code was checked against.");
}
