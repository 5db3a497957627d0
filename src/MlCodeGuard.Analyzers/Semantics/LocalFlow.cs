using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// Where the values of a local come from, within the body that declares it (lambdas and local functions included).
/// Flow-insensitive on purpose: every assignment counts, so a verdict holds on every path.
/// </summary>
internal static class LocalFlow
{
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>
    /// Every value assigned to <paramref name="local"/>. A <see langword="null"/> entry stands for an assignment
    /// whose value cannot be seen (ref/out arguments, deconstruction, compound assignment, foreach variables).
    /// </summary>
    public static List<IOperation?> AssignedValues(ILocalSymbol local, IOperation anywhereInBody)
    {
        var values = new List<IOperation?>();
        foreach (var operation in Root(anywhereInBody).Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is { } initializer)
                    {
                        values.Add(initializer.Value);
                    }
                    else if (declarator.Parent is not IVariableDeclarationOperation)
                    {
                        // foreach and catch variables: the value is not an expression we can see.
                        values.Add(null);
                    }

                    break;
                case ISimpleAssignmentOperation assignment when IsLocal(assignment.Target, local):
                    values.Add(assignment.Value);
                    break;
                case ICompoundAssignmentOperation compound when IsLocal(compound.Target, local):
                case ICoalesceAssignmentOperation coalesce when IsLocal(coalesce.Target, local):
                    values.Add(null);
                    break;
                case IDeconstructionAssignmentOperation deconstruction when Mentions(deconstruction.Target, local):
                    values.Add(null);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when Mentions(argument.Value, local):
                    values.Add(null);
                    break;
            }
        }

        return values;
    }

    /// <summary>The one value assigned to the local, or null when there is not exactly one visible assignment.</summary>
    public static IOperation? SingleAssignedValue(ILocalReferenceOperation reference)
    {
        var values = AssignedValues(reference.Local, reference);
        return values.Count == 1 ? values[0] : null;
    }

    private static bool IsLocal(IOperation target, ILocalSymbol local)
        => target is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static bool Mentions(IOperation operation, ILocalSymbol local)
    {
        if (IsLocal(operation, local))
        {
            return true;
        }

        foreach (var descendant in operation.Descendants())
        {
            if (IsLocal(descendant, local))
            {
                return true;
            }
        }

        return false;
    }
}
