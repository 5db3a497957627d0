using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>MLG3xxx: schema and pipeline shape.</summary>
public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor ColumnNotFound = Create(
        DiagnosticIds.ColumnNotFound,
        "Column read by a pipeline step does not exist",
        "Column '{0}' ({1}) is produced by neither the input class nor an earlier step{2}",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "Every column a step reads (inputColumnName, Concatenate inputs, labelColumnName, featureColumnName, Evaluate column arguments) must come from the input class or from an earlier step of the chain. ML.NET otherwise throws 'Could not find input column' (or its label/feature variant) when the chain is fitted. Not reported after a step whose output columns cannot be known at compile time (CustomMapping, a user estimator, a computed column name).");

    public static readonly DiagnosticDescriptor LabelTypeMismatch = Create(
        DiagnosticIds.LabelTypeMismatch,
        "Label type does not fit the trainer's task",
        "Label column '{0}' of {1} trainer '{2}' is {3}, but the trainer needs {4}",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "Binary classification trainers need a Boolean label and regression trainers a Single (float) label. Any other type makes Fit throw 'Schema mismatch for label column: expected Boolean/Single'. Change the member type, or convert the column (ConvertType, or a comparison in a CustomMapping) before the trainer. Multiclass labels are checked by MLG3004.");

    public static readonly DiagnosticDescriptor FeatureItemTypeMismatch = Create(
        DiagnosticIds.FeatureItemTypeMismatch,
        "Feature column has the wrong item type",
        "Column '{0}' read by {1} is {2}, but it needs {3}",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "Trainers need their features as a known-size vector of Single. double, int, long or bool members concatenated into Features give Vector<Double>, Vector<Int32>… and Fit throws 'Schema mismatch for feature column: expected Vector<Single>'. Concatenate itself needs all its inputs to share one item type. Make the members float or insert ConvertType(..., DataKind.Single) before the Concatenate.");

    public static readonly DiagnosticDescriptor MulticlassLabelNotKey = Create(
        DiagnosticIds.MulticlassLabelNotKey,
        "Multiclass label is not a key column",
        "Label column '{0}' of multiclass trainer '{1}' is {2}, not a key: map it with MapValueToKey before the trainer",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "Multiclass trainers need their label as a key (Key<UInt32>), which MapValueToKey produces from the raw values. A string, number or Boolean label makes Fit throw 'Schema mismatch for label column: expected Key<UInt32>'. The MapValueToKey must come before the trainer in the chain.");

    public static readonly DiagnosticDescriptor NonNumericFeatureNotEncoded = Create(
        DiagnosticIds.NonNumericFeatureNotEncoded,
        "Non-numeric column reaches the features without an encoder",
        "Column '{0}' is {1} and goes into feature column '{2}' without an encoder: insert OneHotEncoding, FeaturizeText or a conversion first",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "Trainers need numeric (Single) features. A string or DateTime column concatenated into the features, or used as the feature column, makes Fit throw 'Schema mismatch for feature column: expected Vector<Single>, got Vector<String>'. Encode it first: OneHotEncoding for categories, FeaturizeText for free text, a conversion for dates.");

    public static readonly DiagnosticDescriptor VariableLengthVectorFeature = Create(
        DiagnosticIds.VariableLengthVectorFeature,
        "Variable-length vector reaches the features",
        "Column '{0}' comes from array member '{1}' without [VectorType(n)], so feature column '{2}' of '{3}' is a variable-length vector; trainers need a known size",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "An array member without [VectorType(n)] loads as a variable-length vector (VarVector<T>), and every step that concatenates it yields a variable-length vector too. Trainers require a known-size vector and throw 'Schema mismatch for feature column: expected Vector<Single>, got VarVector<Single>'. Declare the size with [VectorType(n)].");

    public static readonly DiagnosticDescriptor OutputClassBindingMismatch = Create(
        DiagnosticIds.OutputClassBindingMismatch,
        "Output class member does not bind to a column of the model's output",
        "Member '{0}' binds column '{1}', {2}",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "CreatePredictionEngine<TIn, TOut> and CreateEnumerable<T> bind every public field and property of the output class to the column of the same name (or its [ColumnName]). A member whose column has another type makes them throw 'Can't bind the IDataView column ... to field or property ...' (Score is float for binary, regression and ranking trainers and float[] for multiclass; PredictedLabel is bool for binary trainers). A member whose column the chain does not produce (a Probability from a non-calibrated trainer, a PredictedLabel from a regression) is left at its default value by CreatePredictionEngine, whose ignoreMissingColumns is true by default: every prediction then reads 0, false or null. Not reported when a step's output columns cannot be known at compile time.");

    public static readonly DiagnosticDescriptor PredictedLabelNotMappedBack = Create(
        DiagnosticIds.PredictedLabelNotMappedBack,
        "Multiclass PredictedLabel is not mapped back to its values",
        "The model's PredictedLabel from '{0}' is still a key (no MapKeyToValue(\"PredictedLabel\") after the trainer), but '{1}' is {2}",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Warning,
        "A multiclass trainer predicts a key (the index of the class). Unless the chain ends with MapKeyToValue(\"PredictedLabel\"), the prediction class gets the key instead of the original label: a bind error for a string or uint member, or an index where a class name was expected.");

    /// <remarks>
    /// Default severity Warning (overlapping indices); a member without [LoadColumn] is reported with an effective
    /// severity of Error, because the text loader throws for it.
    /// </remarks>
    public static readonly DiagnosticDescriptor LoadColumnInvalid = Create(
        DiagnosticIds.LoadColumnInvalid,
        "Row class member is not loadable by the text loader",
        "{0} '{1}' {2}",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Warning,
        "LoadFromTextFile<T> and CreateTextLoader<T> bind every public field and property of T to the text columns named by its [LoadColumn]. A member without [LoadColumn] makes the loader throw, even when it carries [NoColumn] (an error). Two members whose indices or ranges overlap load, but the same text column then feeds both, which usually means an index is wrong (a warning).");

    public static readonly DiagnosticDescriptor UncalibratedBinaryEvaluate = Create(
        DiagnosticIds.UncalibratedBinaryEvaluate,
        "Calibrated evaluation of a non-calibrated binary trainer",
        "Evaluate reads a Probability column, but '{0}' is not calibrated and produces none: use EvaluateNonCalibrated, or append a calibrator",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "BinaryClassification.Evaluate computes log-loss and AUC-PR from the Probability column, which only calibrated trainers produce. AveragedPerceptron, LinearSvm, SdcaNonCalibrated, SgdNonCalibrated, FastForest and LdSvm produce Score and PredictedLabel only, and Evaluate throws 'Probability column 'Probability' not found'.");

    public static readonly DiagnosticDescriptor EvaluateOnUnscoredData = Create(
        DiagnosticIds.EvaluateOnUnscoredData,
        "Evaluate on data that no model scored",
        "'{0}' is given data that never went through a fitted model's Transform, so it has no Score column",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Error,
        "Evaluate compares the Score (and PredictedLabel, Probability) columns a model adds with the label. Data straight from a loader, a split or a transform chain without a trainer has no Score column, and Evaluate throws 'Score column 'Score' not found'. Pass model.Transform(data).");

    /// <remarks>
    /// Default severity Warning; a dropped trainer is reported with an effective severity of Error, because the model
    /// then has no Score column and every Evaluate or prediction on it fails.
    /// </remarks>
    public static readonly DiagnosticDescriptor AppendResultDiscarded = Create(
        DiagnosticIds.AppendResultDiscarded,
        "Result of Append is discarded",
        "The result of '{0}' is discarded: estimator chains are immutable, so {1} is not part of any pipeline",
        DiagnosticCategories.Schema,
        DiagnosticSeverity.Warning,
        "EstimatorChain.Append and AppendCacheCheckpoint return a new chain and leave the receiver unchanged. A call whose result is dropped adds nothing: the step is silently missing when the chain is fitted. When the dropped step is a trainer the model produces no Score column, so the diagnostic is raised to an error.");
}
