using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG4006: a scale-sensitive trainer (SDCA, L-BFGS, SGD, AveragedPerceptron, LinearSvm, OnlineGradientDescent, KMeans)
/// whose feature column carries a raw numeric input member that no <c>Normalize*</c> step scaled. Encoded columns
/// (one-hot, text features, keys) count as scaled; nothing is reported past a step the schema cannot model.
/// </summary>
public sealed class MissingNormalizationForLinearTrainerAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the trainer's feature column, which the fix normalizes.</summary>
    public const string FeatureProperty = "Feature";

    /// <summary>Diagnostic property: the source text of the MLContext the trainer is created from.</summary>
    public const string ContextProperty = "Context";

    private const int MaxDepth = 32;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingNormalizationForLinearTrainer);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        if (SchemaRuleHost.FitAnalysis(call, types) is not { } chain)
        {
            return;
        }

        for (var i = 0; i < chain.Steps.Length; i++)
        {
            var step = chain.Steps[i];
            if (!step.Entry.IsTrainer || !TrainerCost.NeedsNormalization(step.Entry) || step.Before.IsOpen
                || step.Read("feature") is not { Checkable: true, Found: { } features } read
                || Raw(features, chain, i, 0) is not { } raw)
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(FeatureProperty, read.Name);
            if (MlCall.ContextOf(step.Call, types.Ml) is { } ml && ml.Syntax.ToString() is { Length: > 0 } contextText)
            {
                properties = properties.Add(ContextProperty, contextText);
            }

            report(Diagnostic.Create(Descriptors.MissingNormalizationForLinearTrainer, MlCall.NameLocation(step.Call), properties, step.Entry.Method, read.Name, raw));
        }
    }

    /// <summary>
    /// The raw numeric input column that reaches <paramref name="column"/> without a normalizer ("'Size' (member
    /// House.Size)"), or null when every path is scaled, encoded or not known.
    /// </summary>
    private static string? Raw(Column column, ChainAnalysis chain, int before, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var producer = ProducerOf(column, chain, before);
        if (producer < 0)
        {
            // An input column: raw when it is a numeric member as loaded (not the output of an earlier Transform).
            return column.Origin.StartsWith("member ", System.StringComparison.Ordinal) && IsNumeric(column.Type.Item)
                ? $"'{column.Name}' ({column.Origin})"
                : null;
        }

        var step = chain.Steps[producer];
        if (step.Entry.Method.StartsWith("Normalize", System.StringComparison.Ordinal)
            || step.Entry.Rule is not (TypeRule.Same or TypeRule.Convert or TypeRule.Concatenate))
        {
            return null; // scaled, or an encoding (one-hot, text, keys, projections) on its own scale.
        }

        foreach (var input in step.Reads)
        {
            if (input.Role == "input" && input.Found is { } source && Raw(source, chain, producer, depth + 1) is { } raw)
            {
                return raw;
            }
        }

        return null;
    }

    /// <summary>The index of the step before <paramref name="before"/> that wrote this very column, or -1 for an input column.</summary>
    private static int ProducerOf(Column column, ChainAnalysis chain, int before)
    {
        for (var j = before - 1; j >= 0; j--)
        {
            var after = j + 1 < chain.Steps.Length ? chain.Steps[j + 1].Before : chain.Output;
            if (ReferenceEquals(after.Find(column.Name), column) && !ReferenceEquals(chain.Steps[j].Before.Find(column.Name), column))
            {
                return j;
            }
        }

        return -1;
    }

    private static bool IsNumeric(ItemKind item) => item is ItemKind.Single or ItemKind.Double or ItemKind.SByte or ItemKind.Byte
        or ItemKind.Int16 or ItemKind.UInt16 or ItemKind.Int32 or ItemKind.UInt32 or ItemKind.Int64 or ItemKind.UInt64;
}
