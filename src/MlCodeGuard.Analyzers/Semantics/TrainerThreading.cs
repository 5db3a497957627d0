using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>How a trainer call configures its threads, for MLG1003 and its fix.</summary>
internal static class TrainerThreading
{
    public const string ShapeProperty = "Shape";
    public const string SimpleShape = "Simple";
    public const string OptionsShape = "Options";
    public const string LightGbmProperty = "LightGbm";

    /// <summary>
    /// Trainers whose result varies with thread scheduling unless told otherwise (lock-free SDCA/SymSGD updates,
    /// parallel tree building). The seed does not make them deterministic.
    /// </summary>
    public static bool IsMultiThreadedTrainer(IMethodSymbol method)
    {
        switch (method.Name)
        {
            case "Sdca":
            case "SdcaLogisticRegression":
            case "SdcaNonCalibrated":
            case "SdcaMaximumEntropy":
            case "SymbolicSgdLogisticRegression":
            case "FastTree":
            case "FastTreeTweedie":
            case "FastForest":
            case "Gam":
            case "LightGbm":
                break;
            default:
                return false;
        }

        if (!method.IsExtensionMethod || !MlTypes.IsFromMlNet(method.ContainingType) || method.Parameters.Length == 0
            || !method.Parameters[0].Type.Name.EndsWith("Trainers", System.StringComparison.Ordinal))
        {
            return false;
        }

        // LightGbm(catalog, Stream modelStream, ...) wraps a model that is already trained.
        return !method.Parameters.Any(p => p.Type.Name == "Stream");
    }

    public static bool IsLightGbm(IMethodSymbol method) => method.Name == "LightGbm";

    /// <summary>The parameter of the options overload (a nested type named Options), or null for the simple overload.</summary>
    public static IParameterSymbol? OptionsParameter(IMethodSymbol method)
        => method.Parameters.Skip(1).FirstOrDefault(p => p.Type.Name == "Options" && p.Type.ContainingType is not null);

    /// <summary>
    /// Why the call is not deterministic (e.g. "NumberOfThreads is not set"), or null when it is deterministic or when
    /// the options cannot be seen (an options object from a parameter or a method call: no guess).
    /// </summary>
    public static string? WhyNondeterministic(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var lightGbm = IsLightGbm(method);
        var optionsParameter = OptionsParameter(method);
        if (optionsParameter is null)
        {
            return lightGbm ? "Deterministic and NumberOfThreads are not set" : "NumberOfThreads is not set";
        }

        var argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, optionsParameter));
        if (argument is null || !TryReadOptions(argument.Value, out var threads, out var deterministic))
        {
            return null;
        }

        if (threads.Known is false || deterministic.Known is false)
        {
            return null;
        }

        var threadsOk = threads.Value is 1;
        var deterministicOk = !lightGbm || deterministic.Value is true;
        if (threadsOk && deterministicOk)
        {
            return null;
        }

        var threadsText = threads.Value is null ? "NumberOfThreads is not set" : "NumberOfThreads = " + threads.Value;
        if (!lightGbm)
        {
            return threadsText;
        }

        if (deterministicOk)
        {
            return threadsText;
        }

        return threadsOk ? "Deterministic is not set" : "Deterministic is not set and " + threadsText;
    }

    private readonly struct Setting<T>
    {
        public Setting(bool known, T? value)
        {
            Known = known;
            Value = value;
        }

        /// <summary>False when the member is assigned a value that is not a constant.</summary>
        public bool Known { get; }

        /// <summary>The constant assigned last, or null when the member is never assigned.</summary>
        public T? Value { get; }
    }

    private static bool TryReadOptions(IOperation value, out Setting<int?> threads, out Setting<bool?> deterministic)
    {
        threads = new Setting<int?>(true, null);
        deterministic = new Setting<bool?>(true, null);
        value = MlCall.Unwrap(value)!;

        ILocalSymbol? local = null;
        if (value is ILocalReferenceOperation reference)
        {
            local = reference.Local;
            value = MlCall.Unwrap(LocalFlow.SingleAssignedValue(reference))!;
        }

        if (value is not IObjectCreationOperation creation)
        {
            return false;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation assignment)
                {
                    Apply(assignment, ref threads, ref deterministic);
                }
            }
        }

        if (local is not null)
        {
            // options.NumberOfThreads = 1; after the creation.
            foreach (var operation in LocalFlow.Root(creation).Descendants())
            {
                if (operation is ISimpleAssignmentOperation assignment
                    && MemberInstance(assignment.Target) is ILocalReferenceOperation owner
                    && SymbolEqualityComparer.Default.Equals(owner.Local, local))
                {
                    Apply(assignment, ref threads, ref deterministic);
                }
            }
        }

        return true;
    }

    private static IOperation? MemberInstance(IOperation target) => target switch
    {
        IFieldReferenceOperation field => field.Instance,
        IPropertyReferenceOperation property => property.Instance,
        _ => null,
    };

    private static void Apply(ISimpleAssignmentOperation assignment, ref Setting<int?> threads, ref Setting<bool?> deterministic)
    {
        var name = assignment.Target switch
        {
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            _ => null,
        };

        var constant = MlCall.Unwrap(assignment.Value)?.ConstantValue ?? default;
        if (name == "NumberOfThreads")
        {
            threads = constant.HasValue ? new Setting<int?>(true, constant.Value as int?) : new Setting<int?>(false, null);
        }
        else if (name == "Deterministic")
        {
            deterministic = constant.HasValue ? new Setting<bool?>(true, constant.Value as bool?) : new Setting<bool?>(false, null);
        }
    }
}
