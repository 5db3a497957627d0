using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>A column an <c>Evaluate</c> call reads, with what the evaluated data holds under that name.</summary>
internal sealed class EvaluateColumn
{
    public EvaluateColumn(string parameter, string name, IOperation? nameOperation, Column? found)
    {
        Parameter = parameter;
        Name = name;
        NameOperation = nameOperation;
        Found = found;
    }

    /// <summary>The parameter naming the column: labelColumnName, scoreColumnName, probabilityColumnName, ...</summary>
    public string Parameter { get; }

    public string Name { get; }

    /// <summary>The argument that names the column; null when the parameter's default applies.</summary>
    public IOperation? NameOperation { get; }

    public Column? Found { get; }

    public string Role => Parameter.EndsWith("ColumnName", System.StringComparison.Ordinal)
        ? Parameter.Substring(0, Parameter.Length - "ColumnName".Length)
        : Parameter;
}

/// <summary>
/// <c>ctx.{Task}.Evaluate(data, ...)</c> / <c>EvaluateNonCalibrated</c> over data whose schema is known and closed.
/// </summary>
internal sealed class EvaluateCall
{
    private EvaluateCall(IInvocationOperation call, SchemaState data, List<EvaluateColumn> columns)
    {
        Call = call;
        Data = data;
        Columns = columns;
    }

    public IInvocationOperation Call { get; }

    public SchemaState Data { get; }

    public List<EvaluateColumn> Columns { get; }

    public bool Calibrated => Call.TargetMethod.Name == "Evaluate";

    /// <summary>The catalog's task: "BinaryClassificationCatalog", "RegressionCatalog", ...</summary>
    public string Catalog => Call.TargetMethod.ContainingType.Name;

    public EvaluateColumn? Column(string parameter)
    {
        foreach (var column in Columns)
        {
            if (column.Parameter == parameter)
            {
                return column;
            }
        }

        return null;
    }

    public static EvaluateCall? Of(IInvocationOperation call, SchemaTypes types)
    {
        var method = call.TargetMethod;
        if (method.Name is not ("Evaluate" or "EvaluateNonCalibrated") || !MlTypes.IsFromMlNet(method)
            || !method.ContainingType.Name.EndsWith("Catalog", System.StringComparison.Ordinal)
            || MlCall.Argument(call, "data") is not { } data)
        {
            return null;
        }

        var schema = SchemaFlow.OfData(data.Value, types);
        if (schema is null || schema.IsOpen)
        {
            return null;
        }

        var columns = new List<EvaluateColumn>();
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { Type.SpecialType: SpecialType.System_String } parameter
                || !parameter.Name.EndsWith("ColumnName", System.StringComparison.Ordinal))
            {
                continue;
            }

            var value = MlCall.Unwrap(argument.Value);
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || value?.ConstantValue is { HasValue: true, Value: null })
            {
                if (parameter.ExplicitDefaultValue is string name)
                {
                    columns.Add(new EvaluateColumn(parameter.Name, name, null, schema.Find(name)));
                }
            }
            else if (value?.ConstantValue is { HasValue: true, Value: string name })
            {
                columns.Add(new EvaluateColumn(parameter.Name, name, value, schema.Find(name)));
            }
        }

        return new EvaluateCall(call, schema, columns);
    }
}
