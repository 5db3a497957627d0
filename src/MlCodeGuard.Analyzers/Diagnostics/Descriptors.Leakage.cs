using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>MLG2xxx: data leakage. Every rule here is a query over the provenance graph (Semantics/Provenance).</summary>
public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor EvaluateOnTrainingData = Create(
        DiagnosticIds.EvaluateOnTrainingData,
        "Model is evaluated on the rows it was fitted on",
        "Model '{0}' was fitted on '{1}' (line {2}) and is evaluated on {3}: the metrics are inflated",
        DiagnosticCategories.Leakage,
        DiagnosticSeverity.Warning,
        "A model scored on rows it was trained on reports how well it memorised them, not how it will do on new data (the '100% accuracy' reports). Fit on a training split and evaluate on the held-out test split.");

    public static readonly DiagnosticDescriptor LabelInFeatures = Create(
        DiagnosticIds.LabelInFeatures,
        "The label, or a column made from it, is a feature",
        "Column '{0}' is an input of the feature column '{1}', but {2}: the model is trained on the answer",
        DiagnosticCategories.Leakage,
        DiagnosticSeverity.Error,
        "Target leakage: when the label (the trainer's labelColumnName, 'Label' by default), a copy or conversion of it, or the column it was copied from goes into the Features column, the model learns to read the answer. Training metrics are perfect and predictions on real data, where the label is missing, are meaningless.");

    public static readonly DiagnosticDescriptor SplitWithoutSamplingKey = Create(
        DiagnosticIds.SplitWithoutSamplingKey,
        "Grouped rows are split without a sampling key",
        "'{0}' {1}",
        DiagnosticCategories.Leakage,
        DiagnosticSeverity.Warning,
        "When rows belong to groups (the queries of a ranking data set, the visits of one patient, the sessions of one user), a row-by-row split puts rows of the same group in both train and test, and the model is tested on groups it has seen. Pass samplingKeyColumnName so that each group goes to one side. The label is never a sampling key: all rows of one label would land on the same side. Reported as an error for ranking trainers, whose metrics are meaningless without it.");

    public static readonly DiagnosticDescriptor PreprocessingFitBeforeSplit = Create(
        DiagnosticIds.PreprocessingFitBeforeSplit,
        "Data-dependent preprocessing is fitted on rows that are later evaluated",
        "Preprocessing ({0}) learns from the rows it is fitted on ('{1}'), {2}: statistics of the test rows leak into training",
        DiagnosticCategories.Leakage,
        DiagnosticSeverity.Warning,
        "Normalizers, missing-value imputers with learned values, key/one-hot/text vocabularies, PCA, feature selection and LDA learn from the rows they are fitted on. Fitted on all rows before the split, they carry information from the test rows into training, and the evaluation is optimistic. Put the estimator in the training chain so it is fitted on the train split only. Supervised steps (NormalizeSupervisedBinning, SelectFeaturesBasedOnMutualInformation) learn from the test labels and are reported as errors.");

    public static readonly DiagnosticDescriptor TestDataInTraining = Create(
        DiagnosticIds.TestDataInTraining,
        "Rows of the test partition are used to fit",
        "'{0}' {1} rows of the test partition '{2}', which are evaluated on line {3}: the test set is no longer unseen",
        DiagnosticCategories.Leakage,
        DiagnosticSeverity.Warning,
        "A test partition is only a fair estimate while nothing was fitted on it. Using it as the validation set for early stopping, or fitting preprocessing on it, tunes the model to the very rows it is then evaluated on. Fit on the train partition; take a validation set out of the train partition.");

    public static readonly DiagnosticDescriptor TestSetReused = Create(
        DiagnosticIds.TestSetReused,
        "One test partition scores several models",
        "'{0}' {1} on the test partition '{2}': choosing a model by its test score makes that score optimistic; compare models on a validation split and evaluate only the chosen one on the test set",
        DiagnosticCategories.Leakage,
        DiagnosticSeverity.Info,
        "Model selection on the test set is leakage: the best of several test scores is biased upwards, and the test set no longer estimates performance on new data. Split a validation set off the training rows to compare models, and keep the test set for the final model.");
}
