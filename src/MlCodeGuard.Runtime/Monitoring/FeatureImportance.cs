using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// Where a monitor gets the importance of each column to the model, to rank drifted columns by what matters to the
/// predictions, and (with linear weights in the columns' own units) to split a change of the score exactly.
/// </summary>
public interface IFeatureImportanceSource
{
    /// <summary>The importance of each named column.</summary>
    /// <param name="features">The monitored columns, in monitor order.</param>
    /// <returns>The importances.</returns>
    FeatureImportance Resolve(IReadOnlyList<string> features);
}

/// <summary>Importances of a monitor's columns.</summary>
/// <param name="Importance">Non-negative importance per column (monitor order).</param>
/// <param name="LinearWeights">
/// Weights in the columns' raw units when the score is linear in them (score change = Σ weight × mean change,
/// exactly), else <see langword="null"/> and contributions are importance × shift in standard deviations.
/// </param>
public sealed record FeatureImportance(IReadOnlyList<double> Importance, IReadOnlyList<double>? LinearWeights);

/// <summary>Ready-made importance sources.</summary>
public static class FeatureImportanceSources
{
    /// <summary>Every column weighs 1.</summary>
    public static IFeatureImportanceSource Uniform { get; } = new Fixed(new Dictionary<string, double>(), linear: false);

    /// <summary>Importances (or linear weights) given by name; an unnamed column weighs 0.</summary>
    /// <param name="weights">Weight per column name.</param>
    /// <param name="linear">Whether they are the raw-unit weights of a linear score (contributions are then exact; the importance is the weight's magnitude).</param>
    /// <returns>The source.</returns>
    public static IFeatureImportanceSource FromWeights(IReadOnlyDictionary<string, double> weights, bool linear = false) => new Fixed(weights, linear);

    /// <summary>
    /// The weights ML.NET reports for the model's last predictor (its <c>GetFeatureWeights</c>): the exact weights of
    /// a linear model, the split gain of a tree ensemble. Slots are matched to columns by the slot names of the
    /// predictor's feature column (a <c>Concatenate</c> of scalar columns names its slots after them); vector slots
    /// <c>Column.slot</c> add up to their column. The weights count as raw-unit linear weights (exact contributions) when
    /// the predictor is linear and only <c>Concatenate</c> steps precede it.
    /// </summary>
    /// <param name="model">The trained model (a chain whose last transformer predicts).</param>
    /// <param name="inputSchema">The model's input schema.</param>
    /// <returns>The source; uniform when the model exposes no weights.</returns>
    public static IFeatureImportanceSource FromModel(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        // A fitted chain is a TransformerChain<TLastTransformer>: enumerate it as transformers whatever its type argument.
        var steps = model is IEnumerable<ITransformer> chain ? chain.ToArray() : new[] { model };
        if (steps.Length == 0 || steps[^1] is not ISingleFeaturePredictionTransformer<object> predictor || predictor.Model is null)
        {
            return Uniform;
        }

        float[] dense;
        if (predictor.Model is LinearModelParameters linearModel)
        {
            dense = linearModel.Weights.ToArray();
        }
        else
        {
            // Tree ensembles have a public GetFeatureWeights(ref VBuffer<float>) (split gains); the interface that declares
            // it is not public.
            var method = predictor.Model.GetType().GetMethod("GetFeatureWeights", new[] { typeof(VBuffer<float>).MakeByRefType() });
            if (method is null)
            {
                return Uniform;
            }

            var args = new object?[] { default(VBuffer<float>) };
            method.Invoke(predictor.Model, args);
            dense = ((VBuffer<float>)args[0]!).DenseValues().ToArray();
        }

        var featureSchema = inputSchema;
        foreach (var step in steps[..^1])
        {
            featureSchema = step.GetOutputSchema(featureSchema);
        }

        var featureColumn = featureSchema.GetColumnOrNull(predictor.FeatureColumnName);
        var names = new VBuffer<ReadOnlyMemory<char>>();
        if (featureColumn is { } column && column.HasSlotNames())
        {
            column.GetSlotNames(ref names);
        }

        var slotNames = names.Length == dense.Length ? names.DenseValues().Select(n => n.ToString()).ToArray() : Array.Empty<string>();
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < slotNames.Length; i++)
        {
            var name = slotNames[i];
            var dot = name.IndexOf('.');
            var key = dot > 0 && inputSchema.GetColumnOrNull(name) is null ? name[..dot] : name;
            byName[key] = (byName.TryGetValue(key, out var w) ? w : 0) + dense[i];
        }

        // Raw-unit weights only when nothing before the predictor rescales values: a chain of Concatenate steps.
        var linear = predictor.Model is LinearModelParameters && steps[..^1].All(t => t is ColumnConcatenatingTransformer);
        return byName.Count == 0 ? Uniform : new Fixed(byName, linear);
    }

    private sealed class Fixed : IFeatureImportanceSource
    {
        private readonly IReadOnlyDictionary<string, double> _weights;
        private readonly bool _linear;

        public Fixed(IReadOnlyDictionary<string, double> weights, bool linear)
        {
            _weights = weights;
            _linear = linear;
        }

        public FeatureImportance Resolve(IReadOnlyList<string> features)
        {
            if (_weights.Count == 0)
            {
                return new FeatureImportance(features.Select(_ => 1.0).ToArray(), null);
            }

            var w = features.Select(f => _weights.TryGetValue(f, out var v) ? v : 0).ToArray();
            return new FeatureImportance(w.Select(Math.Abs).ToArray(), _linear ? w : null);
        }
    }
}
