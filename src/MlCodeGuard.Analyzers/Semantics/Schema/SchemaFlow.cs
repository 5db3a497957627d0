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
            case "Load" when MlCall.Unwrap(invocation.Instance) is { } loader && TextLoaderRowType(loader, depth) is { } rowType:
                return InputSchema.For(rowType, types, textLoader: true);
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

    private static ITypeSymbol? TextLoaderRowType(IOperation loader, int depth)
    {
        switch (loader)
        {
            case IInvocationOperation { TargetMethod: { Name: "CreateTextLoader", TypeArguments.Length: 1 } method } when MlTypes.IsFromMlNet(method):
                return method.TypeArguments[0];
            case ILocalReferenceOperation local when depth < MaxDepth && LocalFlow.SingleAssignedValue(local) is { } value:
                return TextLoaderRowType(MlCall.Unwrap(value)!, depth + 1);
            default:
                return null;
        }
    }
}
