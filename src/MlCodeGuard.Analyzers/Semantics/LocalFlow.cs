using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// Read from an index of the whole body built in one walk and cached per body, shared by every rule and every
    /// question about the same body: one pass per body rather than one per local asked about.
    /// </remarks>
    public static IReadOnlyList<IOperation?> AssignedValues(ILocalSymbol local, IOperation anywhereInBody)
        => Indexes.GetValue(Root(anywhereInBody), BuildIndex).TryGetValue(local, out var values) ? values : NoValues;

    private static readonly IOperation?[] NoValues = new IOperation?[0];

    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<IOperation?>>> Indexes = new();

    private static Dictionary<ILocalSymbol, List<IOperation?>> BuildIndex(IOperation root)
    {
        var index = new Dictionary<ILocalSymbol, List<IOperation?>>(SymbolEqualityComparer.Default);
        void Add(ILocalSymbol local, IOperation? value)
        {
            if (!index.TryGetValue(local, out var values))
            {
                index[local] = values = new List<IOperation?>();
            }

            values.Add(value);
        }

        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    if (declarator.Initializer is { } initializer)
                    {
                        Add(declarator.Symbol, initializer.Value);
                    }
                    else if (declarator.Parent is not IVariableDeclarationOperation)
                    {
                        // foreach and catch variables: the value is not an expression we can see.
                        Add(declarator.Symbol, null);
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(target.Local, assignment.Value);
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }:
                    Add(target.Local, null);
                    break;
                case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation target }:
                    Add(target.Local, null);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var local in MentionedLocals(deconstruction.Target))
                    {
                        Add(local, null);
                    }

                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    foreach (var local in MentionedLocals(argument.Value))
                    {
                        Add(local, null);
                    }

                    break;
            }
        }

        return index;
    }

    private static HashSet<ILocalSymbol> MentionedLocals(IOperation operation)
    {
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        if (operation is ILocalReferenceOperation self)
        {
            locals.Add(self.Local);
        }

        foreach (var descendant in operation.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference)
            {
                locals.Add(reference.Local);
            }
        }

        return locals;
    }

    /// <summary>The one value assigned to the local, or null when there is not exactly one visible assignment.</summary>
    public static IOperation? SingleAssignedValue(ILocalReferenceOperation reference)
    {
        var values = AssignedValues(reference.Local, reference);
        return values.Count == 1 ? values[0] : null;
    }
}
