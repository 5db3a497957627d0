using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Semantics.Provenance;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// A private field that its type writes exactly once, read later in the body that writes it: the read sees that
/// value (or nothing at all, if the write has not run), as a local assigned once would. Console programs keep their
/// data views in such static fields (<c>trainingDataView = split.TrainSet;</c> in <c>Main</c>, then
/// <c>Fit(trainingDataView)</c>).
/// </summary>
/// <remarks>
/// Writes are counted from the syntax of the type's declarations, by name, as <see cref="StableFields"/> does: a
/// local or parameter of the same name that is written also counts, which gives fewer answers, never a wrong one.
/// </remarks>
internal static class FieldFlow
{
    private static readonly ConditionalWeakTable<IFieldSymbol, object> Writes = new();

    /// <summary>The value the field was given earlier in the same body, when that is the field's only write; else null.</summary>
    public static IOperation? AssignedEarlierInBody(IFieldReferenceOperation read)
    {
        var field = read.Field;
        if (field.IsReadOnly || field.IsConst || field.IsImplicitlyDeclared || field.DeclaredAccessibility != Accessibility.Private
            || read.Instance is not (null or IInstanceReferenceOperation)
            || (int)Writes.GetValue(field, f => CountWrites((IFieldSymbol)f)) != 1)
        {
            return null;
        }

        ISimpleAssignmentOperation? write = null;
        foreach (var operation in LocalFlow.Root(read).Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment
                && SymbolEqualityComparer.Default.Equals(target.Field, field))
            {
                write = assignment;
                break;
            }
        }

        return write is not null
               && write.Target is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
               && write.Syntax.SyntaxTree == read.Syntax.SyntaxTree
               && write.Syntax.Span.End <= read.Syntax.SpanStart
            ? write.Value
            : null;
    }

    private static object CountWrites(IFieldSymbol field)
        => (StableFields.HasInitialValue(field) ? 1 : 0) + StableFields.WritesByName(field).Count();
}
