using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>What an ML.NET call does to rows, estimators and columns, as far as provenance cares. Pure functions over symbols.</summary>
internal static class MlApi
{
    /// <summary>A call that reads rows from outside the program: <c>LoadFrom*</c> on the data catalog, <c>loader.Load(...)</c>.</summary>
    public static bool IsLoader(IInvocationOperation invocation, MlTypes types)
    {
        var method = invocation.TargetMethod;
        if (!types.IsDataView(method.ReturnType) || !MlTypes.IsFromMlNet(method))
        {
            return false;
        }

        if (method.Name.StartsWith("LoadFrom", StringComparison.Ordinal))
        {
            return true;
        }

        // loader.Load(source) on an IDataLoader<TSource>, or the DataLoaderExtensions.Load(loader, params string[] path) extension.
        return method.Name == "Load"
               && (method.ContainingType.Name == "DataLoaderExtensions" || method.ContainingType.AllInterfaces.Any(i => i.Name == "IDataLoader" && i.Arity == 1));
    }

    /// <summary>The <typeparamref name="T"/> of <c>LoadFromTextFile&lt;T&gt;</c>, <c>LoadFromEnumerable&lt;T&gt;</c>, <c>CreateDatabaseLoader&lt;T&gt;().Load</c>: the input class.</summary>
    public static ITypeSymbol? InputClassOf(IInvocationOperation loader)
    {
        if (loader.TargetMethod.TypeArguments.Length == 1)
        {
            return loader.TargetMethod.TypeArguments[0];
        }

        // loader.Load(...) on a loader made by CreateTextLoader<T>() or CreateDatabaseLoader<T>() held in a local or inline.
        var receiver = MlCall.Unwrap(loader.Instance);
        if (receiver is ILocalReferenceOperation local)
        {
            receiver = MlCall.Unwrap(LocalFlow.SingleAssignedValue(local));
        }

        return receiver is IInvocationOperation { TargetMethod.TypeArguments.Length: 1 } factory ? factory.TargetMethod.TypeArguments[0] : null;
    }

    /// <summary>Row operations of the data catalog: true when the output holds the same rows, false for a subset; null when not one.</summary>
    public static bool? RowOperationKeepsAllRows(IInvocationOperation invocation, MlTypes types)
    {
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, types.DataOperationsCatalog) || !types.IsDataView(method.ReturnType))
        {
            return null;
        }

        return method.Name switch
        {
            "ShuffleRows" or "Cache" => true,
            "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction" or "TakeRows" or "SkipRows" or "BootstrapSample" => false,
            _ => null,
        };
    }

    /// <summary><c>transformer.Transform(data)</c> on an ITransformer.</summary>
    public static bool IsTransform(IInvocationOperation invocation, MlTypes types)
        => invocation.TargetMethod is { Name: "Transform", Parameters.Length: 1 } method
           && types.IsDataView(method.Parameters[0].Type)
           && types.IsDataView(method.ReturnType)
           && invocation.Instance is not null;

    /// <summary><c>Evaluate*</c> of a task catalog (<c>ml.Regression.Evaluate(predictions)</c>).</summary>
    public static bool IsEvaluate(IInvocationOperation invocation, MlTypes types)
        => invocation.TargetMethod.Name.StartsWith("Evaluate", StringComparison.Ordinal)
           && invocation.TargetMethod.Parameters.Length > 0
           && types.IsDataView(invocation.TargetMethod.Parameters[0].Type)
           && types.InheritsFrom(invocation.TargetMethod.ContainingType, types.TrainCatalogBase);

    public static bool IsPermutationFeatureImportance(IInvocationOperation invocation)
        => invocation.TargetMethod.Name.StartsWith("PermutationFeatureImportance", StringComparison.Ordinal) && MlTypes.IsFromMlNet(invocation.TargetMethod);

    /// <summary>The first argument whose parameter has the given type test, or null.</summary>
    public static IArgumentOperation? FirstArgument(IInvocationOperation invocation, Func<ITypeSymbol, bool> parameterType)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && !(invocation.TargetMethod.IsExtensionMethod && parameter.Ordinal == 0) && parameterType(parameter.Type))
            {
                return argument;
            }
        }

        return null;
    }

    public static bool IsTransformerType(ITypeSymbol? type, MlTypes types)
        => type is not null && types.ITransformer is not null
           && (SymbolEqualityComparer.Default.Equals(type, types.ITransformer) || types.ImplementsTransformer(type));

    /// <summary><c>a.Append(b)</c> on an estimator (instance <c>EstimatorChain.Append</c> or the <c>LearningPipelineExtensions</c> extension).</summary>
    public static bool IsAppend(IInvocationOperation invocation, MlTypes types)
        => invocation.TargetMethod.Name == "Append" && types.ImplementsEstimator(invocation.TargetMethod.ReturnType) && MlTypes.IsFromMlNet(invocation.TargetMethod);

    public static bool IsAppendCacheCheckpoint(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "AppendCacheCheckpoint" && MlTypes.IsFromMlNet(invocation.TargetMethod);

    /// <summary>A trainer: its type implements <c>ITrainerEstimator&lt;,&gt;</c> (or <c>ITrainer&lt;&gt;</c>, see <see cref="IsTrainerType"/>).</summary>
    public static bool IsTrainer(IInvocationOperation invocation)
        => IsTrainerType(invocation.TargetMethod.ReturnType);

    /// <summary>
    /// True when <paramref name="type"/> is, or implements, <c>Microsoft.ML.ITrainerEstimator&lt;,&gt;</c>, or
    /// <c>Microsoft.ML.ITrainer&lt;&gt;</c>: <c>FieldAwareFactorizationMachineTrainer</c> implements only the latter
    /// (with <c>IEstimator&lt;&gt;</c>), since it reads several feature columns.
    /// </summary>
    /// <remarks>
    /// Matched by name: the interface may be visible from more than one referenced assembly, and
    /// <c>GetTypeByMetadataName</c> returns null on such ambiguity.
    /// </remarks>
    public static bool IsTrainerType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        // On the definition: its interface list is computed once, where a constructed type's is substituted anew for each
        // instance; whether one of them is ITrainerEstimator<,> does not depend on the type arguments.
        var definition = type.OriginalDefinition;
        if (IsTrainerInterface(definition))
        {
            return true;
        }

        foreach (var i in definition.AllInterfaces)
        {
            if (IsTrainerInterface(i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTrainerInterface(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "ITrainerEstimator", Arity: 2 } or INamedTypeSymbol { Name: "ITrainer", Arity: 1 } && MlTypes.IsFromMlNet(type);

    /// <summary>The receiver of an estimator-factory call: the instance, or the catalog an extension method extends.</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
        => invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    /// <summary>A constant string argument bound to the named parameter (an omitted argument gives the parameter's default).</summary>
    public static string? StringArgument(IInvocationOperation invocation, string parameterName)
    {
        var argument = MlCall.Argument(invocation, parameterName);
        return argument is null ? null : MlCall.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: string s } ? s : null;
    }

    /// <summary>The syntax naming a column in an argument: the argument's expression (string literal or nameof).</summary>
    public static Location ArgumentLocation(IArgumentOperation argument)
        => argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax syntax ? syntax.Expression.GetLocation() : argument.Syntax.GetLocation();

    /// <summary>
    /// An estimator whose Fit learns from the rows (statistics, vocabularies, projections), so fitting it on rows that
    /// are later evaluated leaks them. Row-wise steps (NormalizeLpNorm, NormalizeGlobalContrast, hashing,
    /// ReplaceMissingValues with the default value) learn nothing and are not listed.
    /// </summary>
    public static bool IsDataDependent(IInvocationOperation step)
    {
        if (!MlTypes.IsFromMlNet(step.TargetMethod))
        {
            return false;
        }

        switch (step.TargetMethod.Name)
        {
            case "NormalizeMinMax" or "NormalizeMeanVariance" or "NormalizeLogMeanVariance" or "NormalizeBinning" or "NormalizeRobustScaling":
            case "MapValueToKey" or "OneHotEncoding" or "FeaturizeText" or "ProduceNgrams" or "ProduceWordBags" or "ProjectToPrincipalComponents":
            case "SelectFeaturesBasedOnCount" or "LatentDirichletAllocation":
                return true;
            case "ReplaceMissingValues":
                // ReplacementMode.DefaultValue (0, the default) replaces with default(T); Mean, Minimum, Maximum, Mode learn.
                var mode = MlCall.Argument(step, "replacementMode");
                // The enum's underlying type is byte: compare its value whatever the integral type.
                return mode is not null && MlCall.Unwrap(mode.Value)?.ConstantValue is { HasValue: true, Value: (byte or int or sbyte or short or ushort or uint or long) and var value }
                       && System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
            default:
                return IsSupervised(step);
        }
    }

    /// <summary>A preprocessing step that learns from the label: fitting it on test rows leaks the test labels.</summary>
    public static bool IsSupervised(IInvocationOperation step)
        => step.TargetMethod.Name is "NormalizeSupervisedBinning" or "SelectFeaturesBasedOnMutualInformation" && MlTypes.IsFromMlNet(step.TargetMethod);
}
