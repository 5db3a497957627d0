using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>
/// The schema a text loader declares without a row class: <c>LoadFromTextFile(path, columns: new[] { new
/// TextLoader.Column("Age", DataKind.Single, 0), ... })</c>, <c>CreateTextLoader(columns: ...)</c>, or a
/// <c>TextLoader.Options</c> whose <c>Columns</c> are written in its initializer. The loaded data has exactly those
/// columns, so the schema is closed, but only when every column's name is a constant: otherwise nothing is known.
/// </summary>
internal static class LoaderColumns
{
    /// <summary>The schema of a non-generic text-loader call (its <c>columns</c> or <c>options</c> argument), or null.</summary>
    public static SchemaState? Of(IInvocationOperation call)
    {
        if (MlCall.Argument(call, "columns") is { ArgumentKind: not ArgumentKind.DefaultValue } columns)
        {
            return FromArray(columns.Value);
        }

        if (MlCall.Argument(call, "options") is { ArgumentKind: not ArgumentKind.DefaultValue } options
            && Local(MlCall.Unwrap(options.Value)) is IObjectCreationOperation { Initializer: { } initializer })
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: "Columns" } } assignment)
                {
                    return FromArray(assignment.Value);
                }
            }
        }

        return null;
    }

    private static SchemaState? FromArray(IOperation value)
    {
        if (Local(MlCall.Unwrap(value)) is not IArrayCreationOperation { Initializer: { } elements })
        {
            return null;
        }

        var state = SchemaState.Empty;
        foreach (var element in elements.ElementValues)
        {
            if (MlCall.Unwrap(element) is not IObjectCreationOperation { Initializer: null, Constructor.ContainingType.Name: "Column" } column
                || Constant(column, "name") is not string name)
            {
                return null;
            }

            state = state.With(new Column(name, TypeOf(column), $"text loader column '{name}'"));
        }

        return state;
    }

    /// <summary>
    /// <c>(name, kind, index)</c> is a scalar of that kind; <c>(name, kind, min, max)</c> a vector of max - min + 1;
    /// a key count makes a key; any other shape (<c>TextLoader.Range[]</c> sources) is known by name only.
    /// </summary>
    private static ColumnType TypeOf(IObjectCreationOperation column)
    {
        var kind = MlCall.Argument(column.Arguments, "dataKind");
        var item = kind?.Value.ConstantValue is { HasValue: true, Value: { } value } ? ChainSimulator.DataKindItem(kind.Value.Type, value) : ItemKind.Unknown;
        if (MlCall.Argument(column.Arguments, "keyCount") is { ArgumentKind: not ArgumentKind.DefaultValue } keyCount
            && MlCall.Unwrap(keyCount.Value)?.ConstantValue is not { HasValue: true, Value: null })
        {
            item = ItemKind.Key;
        }

        if (item == ItemKind.Unknown)
        {
            return ColumnType.Unknown;
        }

        if (MlCall.Argument(column.Arguments, "index") is not null)
        {
            return new ColumnType(item);
        }

        if (Constant(column, "minIndex") is int min && Constant(column, "maxIndex") is int max && max >= min)
        {
            return new ColumnType(item, Shape.KnownVector, max - min + 1);
        }

        return ColumnType.Unknown;
    }

    private static object? Constant(IObjectCreationOperation creation, string parameter)
        => MlCall.Argument(creation.Arguments, parameter)?.Value.ConstantValue is { HasValue: true } constant ? constant.Value : null;

    /// <summary>A local assigned once stands for its value.</summary>
    private static IOperation? Local(IOperation? operation)
        => operation is ILocalReferenceOperation local && LocalFlow.SingleAssignedValue(local) is { } value ? MlCall.Unwrap(value) : operation;
}
