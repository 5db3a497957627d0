using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>
/// Where the schema of a data view comes from (a loader's row type, a split, <c>model.Transform</c>), and the chain
/// analysis of a <c>Fit</c>. Results are cached per operation, so every schema rule asking about the same call shares
/// one computation.
/// </summary>
internal static class SchemaFlow
{
    private const int MaxDepth = 32;

    private static readonly ConditionalWeakTable<IOperation, Box> FitCache = new();
    private static readonly ConditionalWeakTable<IOperation, Box> DataCache = new();

    private sealed class Box
    {
        public Box(object? value) => Value = value;

        public object? Value { get; }
    }

    /// <summary>
    /// The chain of <c>estimator.Fit(data)</c> run over the schema of <c>data</c>; null when the data's schema is not
    /// known (the rules then say nothing).
    /// </summary>
    public static ChainAnalysis? OfFit(IInvocationOperation fit, SchemaTypes types)
        => (ChainAnalysis?)FitCache.GetValue(fit, f => new Box(AnalyzeFit((IInvocationOperation)f, types, 0))).Value;

    /// <summary>The schema of a data-view expression, or null when it cannot be known.</summary>
    public static SchemaState? OfData(IOperation data, SchemaTypes types)
        => (SchemaState?)DataCache.GetValue(data, d => new Box(Data(d, types, 0))).Value;

    /// <summary>The <c>Fit</c> call a transformer expression comes from (through locals), or null.</summary>
    public static IInvocationOperation? FitOf(IOperation? model, MlTypes types, int depth = 0)
    {
        model = MlCall.Unwrap(model);
        switch (model)
        {
            case IInvocationOperation invocation when types.IsEstimatorFit(invocation.TargetMethod):
                return invocation;
            case ILocalReferenceOperation local when depth < MaxDepth && LocalFlow.SingleAssignedValue(local) is { } value:
                return FitOf(value, types, depth + 1);
            default:
                return null;
        }
    }

    private static ChainAnalysis? AnalyzeFit(IInvocationOperation fit, SchemaTypes types, int depth)
    {
        if (fit.Instance is not { } estimator || fit.Arguments.Length == 0 || !types.Ml.IsEstimatorFit(fit.TargetMethod))
        {
            return null;
        }

        var input = depth == 0 ? OfData(fit.Arguments[0].Value, types) : Data(fit.Arguments[0].Value, types, depth + 1);
        return input is null ? null : ChainSimulator.Run(ChainSteps.Of(estimator, types), input);
    }

    private static SchemaState? Data(IOperation? data, SchemaTypes types, int depth)
    {
        data = MlCall.Unwrap(data);
        if (data is null || depth > MaxDepth)
        {
            return null;
        }

        switch (data)
        {
            case ILocalReferenceOperation local:
                return LocalFlow.SingleAssignedValue(local) is { } value ? Data(value, types, depth + 1) : null;
            case IFieldReferenceOperation field when FieldFlow.AssignedEarlierInBody(field) is { } assigned:
                return Data(assigned, types, depth + 1);
            case IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet", Instance: { } split }:
                return SplitOf(split, depth) is { } splitCall && MlCall.Argument(splitCall, "data") is { } source
                    ? Data(source.Value, types, depth + 1)
                    : null;
            case IInvocationOperation invocation:
                return FromInvocation(invocation, types, depth);
            default:
                return null;
        }
    }

    private static IInvocationOperation? SplitOf(IOperation? split, int depth)
    {
        split = MlCall.Unwrap(split);
        return split switch
        {
            IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } call when MlTypes.IsFromMlNet(call.TargetMethod) => call,
            ILocalReferenceOperation local when depth < MaxDepth && LocalFlow.SingleAssignedValue(local) is { } value => SplitOf(value, depth + 1),
            _ => null,
        };
    }

    private static SchemaState? FromInvocation(IInvocationOperation invocation, SchemaTypes types, int depth)
    {
        var method = invocation.TargetMethod;
        if (!MlTypes.IsFromMlNet(method))
        {
            return null;
        }

        switch (method.Name)
        {
            case "LoadFromEnumerable" when method.TypeArguments.Length == 1:
                // An explicit SchemaDefinition can rename, retype or hide columns.
                var definition = MlCall.Argument(invocation, "schemaDefinition");
                if (definition is not null && definition.ArgumentKind != ArgumentKind.DefaultValue
                    && MlCall.Unwrap(definition.Value)?.ConstantValue is not { HasValue: true, Value: null })
                {
                    return null;
                }

                return InputSchema.For(method.TypeArguments[0], types);
            case "LoadFromTextFile" when method.TypeArguments.Length == 1:
                return InputSchema.For(method.TypeArguments[0], types, textLoader: true);
            case "LoadFromTextFile":
                return LoaderColumns.Of(invocation);
            case "Load" when MlCall.Unwrap(LoaderOf(invocation)) is { } loader:
                return LoaderSchema(loader, types, depth);
            case "ShuffleRows" or "SkipRows" or "TakeRows" or "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction" or "Cache" or "BootstrapSample":
                return MlCall.Argument(invocation, "input") is { } input ? Data(input.Value, types, depth + 1) : null;
            case "Transform" when invocation.Arguments.Length == 1 && types.Ml.IsDataView(method.ReturnType):
                var fit = FitOf(invocation.Instance, types.Ml);
                if (fit?.Instance is null)
                {
                    return null;
                }

                var input2 = Data(invocation.Arguments[0].Value, types, depth + 1);
                return input2 is null ? null : ChainSimulator.Run(ChainSteps.Of(fit.Instance, types), input2).Output;
            default:
                return null;
        }
    }

    /// <summary>The loader a <c>Load</c> call reads with: its instance, or the first argument of the <c>loader.Load(path)</c> extension.</summary>
    private static IOperation? LoaderOf(IInvocationOperation load)
        => load.Instance ?? (load.TargetMethod.IsExtensionMethod && load.Arguments.Length > 0 ? load.Arguments[0].Value : null);

    /// <summary>
    /// The schema a loader's <c>Load</c> produces: <c>CreateTextLoader&lt;T&gt;</c> and <c>CreateDatabaseLoader&lt;T&gt;</c>
    /// read T's members (the database loader every public field and property, by name, so a <c>[NoColumn]</c> member
    /// there, which it does not skip, leaves the schema open); a non-generic <c>CreateTextLoader</c> its columns.
    /// </summary>
    private static SchemaState? LoaderSchema(IOperation loader, SchemaTypes types, int depth)
    {
        switch (loader)
        {
            case IInvocationOperation { TargetMethod: { Name: "CreateTextLoader", TypeArguments.Length: 1 } method } when MlTypes.IsFromMlNet(method):
                return InputSchema.For(method.TypeArguments[0], types, textLoader: true);
            case IInvocationOperation { TargetMethod: { Name: "CreateTextLoader", TypeArguments.Length: 0 } method } call when MlTypes.IsFromMlNet(method):
                return LoaderColumns.Of(call);
            case IInvocationOperation { TargetMethod: { Name: "CreateDatabaseLoader", TypeArguments.Length: 1 } method } when MlTypes.IsFromMlNet(method):
                var rowType = method.TypeArguments[0];
                var schema = InputSchema.For(rowType, types, textLoader: true);
                return InputSchema.Members(rowType, types, includeNoColumn: true).Any(m => m.GetAttributes().Any(a => SchemaTypes.Is(a, types.NoColumn)))
                    ? schema.Open($"the database loader also reads the [NoColumn] members of '{rowType.Name}'")
                    : schema;
            case ILocalReferenceOperation local when depth < MaxDepth && LocalFlow.SingleAssignedValue(local) is { } value:
                return LoaderSchema(MlCall.Unwrap(value)!, types, depth + 1);
            default:
                return null;
        }
    }
}
