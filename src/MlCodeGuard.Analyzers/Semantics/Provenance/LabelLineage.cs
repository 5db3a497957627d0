using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>How a column is tied to the label a trainer reads.</summary>
internal enum LabelTie
{
    /// <summary>It is the label column.</summary>
    Label,

    /// <summary>The label is made from it (<c>CopyColumns("Label", "Price")</c>: Price).</summary>
    SourceOfLabel,

    /// <summary>It is made from the label (<c>CopyColumns("PriceCopy", "Label")</c>: PriceCopy).</summary>
    DerivedFromLabel,
}

/// <summary>
/// Follows the label column through the one-to-one column mappings of an estimator chain (steps with
/// <c>outputColumnName</c> and <c>inputColumnName</c>: CopyColumns, ConvertType, MapValueToKey, Normalize*, ...), in
/// chain order: backwards from the trainer to find the columns the label is made from, forwards to find the columns
/// made from those.
/// </summary>
internal static class LabelLineage
{
    /// <summary>
    /// For each step before <paramref name="trainerIndex"/>, the columns tied to <paramref name="label"/> as that step
    /// reads them.
    /// </summary>
    public static Dictionary<string, LabelTie>[] TiesBeforeEachStep(EstimatorChain chain, int trainerIndex, string label)
    {
        var steps = chain.Steps;
        var sources = new HashSet<string>[trainerIndex + 1];
        sources[trainerIndex] = new HashSet<string> { label };
        for (var j = trainerIndex - 1; j >= 0; j--)
        {
            var set = new HashSet<string>(sources[j + 1]);
            var output = MlApi.StringArgument(steps[j], "outputColumnName");
            if (output is not null && set.Contains(output))
            {
                if (Mapping(steps[j]) is { } mapping && mapping.Input != mapping.Output)
                {
                    set.Remove(output);
                    set.Add(mapping.Input);
                }
                else if (Mapping(steps[j]) is null)
                {
                    // Made by a many-to-one step: before it, the column was something else.
                    set.Remove(output);
                }
            }

            sources[j] = set;
        }

        // Forwards: a source keeps its tie until overwritten, and what is mapped from a tied column is tied too.
        var result = new Dictionary<string, LabelTie>[trainerIndex];
        var carried = new Dictionary<string, LabelTie>();
        for (var j = 0; j < trainerIndex; j++)
        {
            var ties = new Dictionary<string, LabelTie>(carried);
            foreach (var column in sources[j])
            {
                ties[column] = column == label ? LabelTie.Label : LabelTie.SourceOfLabel;
            }

            result[j] = ties;
            carried = new Dictionary<string, LabelTie>(ties);
            var output = MlApi.StringArgument(steps[j], "outputColumnName");
            if (output is null)
            {
                continue;
            }

            var mapping = Mapping(steps[j]);
            if (mapping is { } m && m.Input == m.Output)
            {
                continue; // in place: the column keeps its tie.
            }

            if (mapping is { } copy && ties.ContainsKey(copy.Input))
            {
                carried[output] = sources[j + 1].Contains(output) ? (output == label ? LabelTie.Label : LabelTie.SourceOfLabel) : LabelTie.DerivedFromLabel;
            }
            else
            {
                carried.Remove(output);
            }
        }

        return result;
    }

    /// <summary>A one-to-one mapping step: its output and input column (input defaults to the output).</summary>
    private static (string Output, string Input)? Mapping(IInvocationOperation step)
    {
        if (MlCall.Argument(step, "inputColumnName") is null || MlApi.StringArgument(step, "outputColumnName") is not { } output)
        {
            return null;
        }

        var input = MlApi.StringArgument(step, "inputColumnName");
        if (input is null && MlCall.Argument(step, "inputColumnName") is { ArgumentKind: not ArgumentKind.DefaultValue } explicitArgument
            && MlCall.Unwrap(explicitArgument.Value)?.ConstantValue is not { HasValue: true, Value: null })
        {
            return null; // a name computed at run time.
        }

        return (output, input ?? output);
    }
}
