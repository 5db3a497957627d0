using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// The columns a trainer reads: <c>labelColumnName</c>, <c>featureColumnName</c>, <c>rowGroupColumnName</c>, from the
/// factory's arguments (an omitted argument is the parameter's default) or from its <c>Options</c> object initializer.
/// Null when the name cannot be known (an options object from elsewhere, or one changed after creation).
/// </summary>
internal static class TrainerColumns
{
    public const string Label = "labelColumnName";
    public const string Features = "featureColumnName";
    public const string RowGroup = "rowGroupColumnName";

    public static string? Column(IInvocationOperation trainer, ProvenanceGraph graph, string parameterName)
    {
        if (MlCall.Argument(trainer, parameterName) is not null)
        {
            return MlApi.StringArgument(trainer, parameterName);
        }

        var options = MlCall.Argument(trainer, "options");
        if (options is null)
        {
            return null;
        }

        var optionName = char.ToUpperInvariant(parameterName[0]) + parameterName.Substring(1);
        if (MlCall.Unwrap(options.Value) is ILocalReferenceOperation local && IsMutatedAfterCreation(local.Local, graph))
        {
            return null;
        }

        if (graph.Resolve(options.Value) is not IObjectCreationOperation creation)
        {
            return null;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && target.Member.Name == optionName)
                {
                    return MlCall.Unwrap(assignment.Value)?.ConstantValue is { HasValue: true, Value: string s } ? s : null;
                }
            }
        }

        // Not set: the Options class default, which is ML.NET's default column name.
        return optionName switch
        {
            "LabelColumnName" => "Label",
            "FeatureColumnName" => "Features",
            "RowGroupColumnName" => "GroupId",
            _ => null,
        };
    }

    /// <summary>A ranking trainer: made from <c>ml.Ranking.Trainers</c>.</summary>
    public static bool IsRanking(IInvocationOperation trainer)
        => MlApi.Receiver(trainer)?.Type is INamedTypeSymbol { Name: "RankingTrainers" };

    private static bool IsMutatedAfterCreation(ILocalSymbol local, ProvenanceGraph graph)
    {
        foreach (var operation in graph.Root.Descendants())
        {
            if (operation is IAssignmentOperation { Target: IMemberReferenceOperation { Instance: ILocalReferenceOperation reference } }
                && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }
}
