using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>What an invocation does, as far as the rules care.</summary>
internal enum MlCallKind
{
    None,

    /// <summary><c>estimator.Fit(data)</c>.</summary>
    Fit,

    /// <summary><c>Data.TrainTestSplit</c>.</summary>
    TrainTestSplit,

    /// <summary><c>Data.CrossValidationSplit</c>.</summary>
    CrossValidationSplit,

    /// <summary><c>BinaryClassification.CrossValidate</c> and friends.</summary>
    CrossValidate,

    /// <summary><c>Data.ShuffleRows</c>.</summary>
    ShuffleRows,

    /// <summary><c>Data.BootstrapSample</c>.</summary>
    BootstrapSample,
}

/// <summary>Classifies invocations of ML.NET methods. Pure functions over symbols.</summary>
internal static class MlCall
{
    public static MlCallKind Classify(IInvocationOperation invocation, MlTypes types)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Fit":
                return types.IsEstimatorFit(method) ? MlCallKind.Fit : MlCallKind.None;
            case "TrainTestSplit":
                return IsDataOperation(method, types) ? MlCallKind.TrainTestSplit : MlCallKind.None;
            case "CrossValidationSplit":
                return IsDataOperation(method, types) ? MlCallKind.CrossValidationSplit : MlCallKind.None;
            case "ShuffleRows":
                return IsDataOperation(method, types) ? MlCallKind.ShuffleRows : MlCallKind.None;
            case "BootstrapSample":
                return IsDataOperation(method, types) ? MlCallKind.BootstrapSample : MlCallKind.None;
            default:
                if (method.Name.StartsWith("CrossValidate", System.StringComparison.Ordinal)
                    && types.InheritsFrom(method.ContainingType, types.TrainCatalogBase))
                {
                    return MlCallKind.CrossValidate;
                }

                return MlCallKind.None;
        }
    }

    /// <summary>Training in the sense of MLG1001: it fits, splits, cross-validates or shuffles.</summary>
    public static bool IsTraining(MlCallKind kind) => kind is MlCallKind.Fit or MlCallKind.TrainTestSplit
        or MlCallKind.CrossValidationSplit or MlCallKind.CrossValidate or MlCallKind.ShuffleRows;

    /// <summary>A call that draws random rows and takes a <c>seed</c> argument (MLG1002).</summary>
    public static bool IsSeedable(MlCallKind kind) => kind is MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit
        or MlCallKind.CrossValidate or MlCallKind.ShuffleRows or MlCallKind.BootstrapSample;

    /// <summary>True when the call has a <c>seed</c> parameter and passes no seed, or passes a literal null.</summary>
    public static bool LacksSeed(IInvocationOperation invocation)
    {
        var seed = Argument(invocation, "seed");
        if (seed is null)
        {
            return false; // an overload without a seed parameter: nothing to add.
        }

        if (seed.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return true;
        }

        var value = Unwrap(seed.Value);
        return value is not null && (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation);
    }

    /// <summary>
    /// A split or shuffle that draws its rows from its own <c>seed:</c> argument rather than from the MLContext's
    /// random source: it gives the same rows on every run whatever the context's seed, so for MLG1001 it does not train.
    /// </summary>
    public static bool IsSelfSeeded(MlCallKind kind, IInvocationOperation invocation)
        => kind is MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit or MlCallKind.ShuffleRows
            && Argument(invocation, "seed") is not null && !LacksSeed(invocation);

    private static bool IsDataOperation(IMethodSymbol method, MlTypes types)
        => SymbolEqualityComparer.Default.Equals(method.ContainingType, types.DataOperationsCatalog);

    /// <summary>The argument bound to the parameter named <paramref name="name"/>, or null.</summary>
    public static IArgumentOperation? Argument(IInvocationOperation invocation, string name)
        => Argument(invocation.Arguments, name);

    /// <summary>The argument bound to the parameter named <paramref name="name"/> (of a call or a constructor), or null.</summary>
    public static IArgumentOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string name)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// The MLContext expression behind a catalog receiver: <c>ctx</c> in <c>ctx.Data.TrainTestSplit(...)</c> or in
    /// <c>ctx.Regression.Trainers.Sdca(...)</c> (extension methods take the catalog as their first argument).
    /// Returns null when the receiver is not reached through properties of an MLContext.
    /// </summary>
    public static IOperation? ContextOf(IInvocationOperation invocation, MlTypes types)
    {
        var receiver = invocation.Instance;
        if (receiver is null && invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            receiver = invocation.Arguments[0].Value;
        }

        return ContextOfCatalog(receiver, types, depth: 0);
    }

    private static IOperation? ContextOfCatalog(IOperation? operation, MlTypes types, int depth)
    {
        operation = Unwrap(operation);
        if (operation is null || depth > 8)
        {
            return null;
        }

        if (types.IsMLContext(operation.Type))
        {
            return operation;
        }

        switch (operation)
        {
            case IPropertyReferenceOperation { Instance: { } instance }:
                return ContextOfCatalog(instance, types, depth + 1);
            case ILocalReferenceOperation local:
                // A catalog kept in a local (`var data = ml.Data;`): follow its one initializer.
                var value = LocalFlow.SingleAssignedValue(local);
                return value is null ? null : ContextOfCatalog(value, types, depth + 1);
            default:
                return null;
        }
    }

    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The location of the method-name token, so a multi-line fluent chain squiggles the right line.</summary>
    public static Location NameLocation(IInvocationOperation invocation)
    {
        var syntax = invocation.Syntax;
        if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call)
        {
            switch (call.Expression)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member:
                    return member.Name.Identifier.GetLocation();
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberBindingExpressionSyntax binding:
                    return binding.Name.Identifier.GetLocation();
                case Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax name:
                    return name.Identifier.GetLocation();
            }
        }

        return syntax.GetLocation();
    }
}
