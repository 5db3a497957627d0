using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG4004: <c>ml.Model.Save(model, null, path)</c>, or <c>Save(model, output.Schema, path)</c> where <c>output</c> is the
/// saved model's own <c>Transform</c> output: the file does not describe the data the model reads.
/// </summary>
public sealed class ModelSavedWithoutInputSchemaAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the expression to pass instead (<c>trainData.Schema</c>), when the Fit's data can be named at the Save.</summary>
    public const string SchemaProperty = "Schema";

    private const int MaxDepth = 32;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ModelSavedWithoutInputSchema);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        if (ml.ModelOperationsCatalog is null)
        {
            return;
        }

        var types = ml.Serving;
        start.RegisterOperationAction(c => OnInvocation(c, types), OperationKind.Invocation);
    }

    private static void OnInvocation(OperationAnalysisContext context, ServingTypes types)
    {
        var save = (IInvocationOperation)context.Operation;
        if (!types.IsModelSave(save) || MlCall.Argument(save, "inputSchema") is not { } schemaArgument || MlCall.Argument(save, "model") is not { } modelArgument)
        {
            return;
        }

        var schema = MlCall.Unwrap(schemaArgument.Value);
        string why;
        if (schema?.ConstantValue is { HasValue: true, Value: null } || schema is IDefaultValueOperation)
        {
            why = "with a null input schema";
        }
        else if (OwnOutput(schema, modelArgument.Value, types.Ml) is { } output)
        {
            why = $"with the schema of '{output}', the model's own output";
        }
        else
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (FitDataText(modelArgument.Value, save, types.Ml) is { } data)
        {
            properties = properties.Add(SchemaProperty, data + ".Schema");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ModelSavedWithoutInputSchema,
            MlCall.NameLocation(save),
            new[] { schemaArgument.Syntax.GetLocation() },
            properties,
            save.TargetMethod.Name,
            modelArgument.Value.Syntax.ToString(),
            why));
    }

    /// <summary>The data whose schema is passed, when it is <paramref name="model"/>'s own Transform output; else null.</summary>
    private static string? OwnOutput(IOperation? schema, IOperation model, MlTypes types)
    {
        if (schema is not IPropertyReferenceOperation { Property.Name: "Schema", Instance: { } data } || !types.IsDataView(data.Type))
        {
            return null;
        }

        var transform = Resolve(data, 0) as IInvocationOperation;
        if (transform is not { TargetMethod.Name: "Transform", Instance: { } transformer } || !MlTypes.IsFromMlNet(transform.TargetMethod.ContainingType))
        {
            return null;
        }

        return SameModel(transformer, model, types) ? MlCall.Unwrap(data)!.Syntax.ToString() : null;
    }

    private static bool SameModel(IOperation a, IOperation b, MlTypes types)
    {
        var left = MlCall.Unwrap(a);
        var right = MlCall.Unwrap(b);
        if (Symbol(left) is { } x && Symbol(right) is { } y && SymbolEqualityComparer.Default.Equals(x, y))
        {
            return true;
        }

        var fitA = SchemaFlow.FitOf(left, types);
        return fitA is not null && ReferenceEquals(fitA, SchemaFlow.FitOf(right, types));
    }

    private static ISymbol? Symbol(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property => property.Property,
        _ => null,
    };

    private static IOperation? Resolve(IOperation? operation, int depth)
    {
        operation = MlCall.Unwrap(operation);
        return operation is ILocalReferenceOperation local && depth < MaxDepth && LocalFlow.SingleAssignedValue(local) is { } value
            ? Resolve(value, depth + 1)
            : operation;
    }

    /// <summary>
    /// The source text of the data the saved model was fitted on, when it names the same rows at the Save: a parameter,
    /// a field, a local assigned once and in scope at the Save, or <c>split.TrainSet</c> of such a local.
    /// </summary>
    private static string? FitDataText(IOperation model, IInvocationOperation save, MlTypes types)
    {
        if (SchemaFlow.FitOf(model, types) is not { Arguments.Length: > 0 } fit || MlCall.Unwrap(fit.Arguments[0].Value) is not { } data)
        {
            return null;
        }

        var stable = data switch
        {
            IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet", Instance: { } split } => Stable(split, save),
            _ => Stable(data, save),
        };

        return stable ? data.Syntax.ToString() : null;
    }

    private static bool Stable(IOperation operation, IInvocationOperation save)
    {
        switch (MlCall.Unwrap(operation))
        {
            case IParameterReferenceOperation parameter:
                return LocalFlow.Root(parameter) == LocalFlow.Root(save);
            case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation }:
                return true;
            case ILocalReferenceOperation local:
                if (LocalFlow.AssignedValues(local.Local, local).Count != 1)
                {
                    return false;
                }

                // The declaring block must enclose the Save.
                var declaration = local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
                var scope = declaration?.Ancestors().FirstOrDefault(n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
                return scope is not null && scope.SyntaxTree == save.Syntax.SyntaxTree && scope.Span.Contains(save.Syntax.Span);
            default:
                return false;
        }
    }
}
