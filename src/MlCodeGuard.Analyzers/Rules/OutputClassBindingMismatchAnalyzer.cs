using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG3007: a member of the output class of <c>CreatePredictionEngine&lt;TIn, TOut&gt;</c> or
/// <c>CreateEnumerable&lt;T&gt;</c> whose column the data does not have (left at its default, or a throw) or whose
/// column has another type (a throw). Reported on the call, once per member, with the member as an additional location.
/// </summary>
/// <remarks>
/// The output schema is the chain run over <c>TIn</c> (prediction) or the schema of the enumerated data; nothing is
/// reported when it is open. A PredictedLabel that is still a multiclass key is left to MLG3008.
/// </remarks>
public sealed class OutputClassBindingMismatchAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: the C# type the member needs to bind its column; absent when the column is missing.</summary>
    public const string MemberTypeProperty = "MemberType";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OutputClassBindingMismatch);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        var method = call.TargetMethod;
        if (!MlTypes.IsFromMlNet(method) || call.Arguments.Length == 0)
        {
            return;
        }

        SchemaState? output;
        ITypeSymbol rowType;
        bool leftAtDefault;
        switch (method.Name)
        {
            case "CreatePredictionEngine" when method.TypeArguments.Length == 2:
                rowType = method.TypeArguments[1];
                if (!PredictionOptions(call, out leftAtDefault)
                    || SchemaFlow.FitOf(call.Arguments[0].Value, types.Ml) is not { Instance: { } estimator })
                {
                    return;
                }

                var chain = ChainSimulator.Run(ChainSteps.Of(estimator, types), InputSchema.For(method.TypeArguments[0], types));

                // A chain that cannot run over TIn fails before binding; the label is not needed to predict.
                if (chain.Steps.SelectMany(s => s.Reads).Any(r => r.IsMissing && r.Role is "input" or "feature"))
                {
                    return;
                }

                output = chain.Output;
                break;
            case "CreateEnumerable" when method.TypeArguments.Length == 1:
                rowType = method.TypeArguments[0];
                if (!IsDefault(call, "schemaDefinition") || ConstantBool(call, "ignoreMissingColumns") is not { } ignore)
                {
                    return;
                }

                leftAtDefault = ignore;
                output = MlCall.Argument(call, "data") is { } data ? SchemaFlow.OfData(data.Value, types) : null;
                break;
            default:
                return;
        }

        if (output is null || output.IsOpen || rowType is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct })
        {
            return;
        }

        foreach (var member in InputSchema.Members(rowType, types))
        {
            if (InputSchema.HasUnresolvedAttribute(member))
            {
                continue; // its column name is not known
            }

            var name = InputSchema.ColumnName(member, types);
            var memberName = rowType.Name + "." + member.Name;
            var additional = member.Locations.Where(l => l.IsInSource).Take(1);
            var column = output.Find(name);
            if (column is null)
            {
                report(Diagnostic.Create(
                    Descriptors.OutputClassBindingMismatch,
                    MlCall.NameLocation(call),
                    additional,
                    memberName,
                    name,
                    Missing(output, method.Name, leftAtDefault)));
                continue;
            }

            if (IsUnmappedMulticlassKey(output, column) || Binding.Of(member, types) is not { } memberBinding
                || Binding.Of(column, types) is not { } columnBinding || memberBinding.Equals(columnBinding))
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (columnBinding.CSharpType() is { } needed && !(!columnBinding.IsVector && InputSchema.VectorSize(member, types) is not null))
            {
                properties = properties.Add(MemberTypeProperty, needed);
            }

            var memberType = InputSchema.MemberType(member)?.ToDisplayString() ?? "?";
            report(Diagnostic.Create(
                Descriptors.OutputClassBindingMismatch,
                MlCall.NameLocation(call),
                additional,
                properties,
                memberName,
                name,
                $"which is {column.Type} (from {column.Origin}), but the member is {memberType}: '{method.Name}' throws 'Can't bind the IDataView column'"));
        }
    }

    /// <summary>MLG3008 reports a multiclass PredictedLabel that is still a key.</summary>
    private static bool IsUnmappedMulticlassKey(SchemaState output, Column column)
        => column.Name == "PredictedLabel" && column.Type.Item == ItemKind.Key && output.ScoredBy is { Task: TrainerTask.Multiclass };

    private static string Missing(SchemaState output, string method, bool leftAtDefault)
    {
        var producers = output.ScoredBy is { } trainer
            ? $"which neither the input nor a step of the chain produces ('{trainer.Name}' adds {string.Join(", ", TrainerOutputs(trainer))})"
            : "which the data does not have";
        return leftAtDefault
            ? producers + $": '{method}' leaves it at its default value"
            : producers + $": '{method}' throws 'Could not find column'";
    }

    private static IEnumerable<string> TrainerOutputs(TrainerInfo trainer)
    {
        yield return "Score";
        if (trainer.Task is TrainerTask.Binary or TrainerTask.Multiclass or TrainerTask.Clustering or TrainerTask.AnomalyDetection)
        {
            yield return "PredictedLabel";
        }

        if (trainer.Task == TrainerTask.Binary && trainer.Calibrated)
        {
            yield return "Probability";
        }
    }

    /// <summary>
    /// The prediction engine's binding options: false when a schema definition may rename or retype columns (or the
    /// options are not visible); <paramref name="ignoreMissing"/> is ML.NET's default (true) unless set to a constant.
    /// </summary>
    private static bool PredictionOptions(IInvocationOperation call, out bool ignoreMissing)
    {
        ignoreMissing = true;
        if (MlCall.Argument(call, "options") is { } options)
        {
            if (MlCall.Unwrap(options.Value) is not IObjectCreationOperation creation)
            {
                return false;
            }

            foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment)
                {
                    return false;
                }

                switch (target.Member.Name)
                {
                    case "IgnoreMissingColumns" when MlCall.Unwrap(assignment.Value)?.ConstantValue is { HasValue: true, Value: bool value }:
                        ignoreMissing = value;
                        break;
                    case "InputSchemaDefinition" or "OutputSchemaDefinition" or "IgnoreMissingColumns":
                        if (MlCall.Unwrap(assignment.Value)?.ConstantValue is not { HasValue: true, Value: null })
                        {
                            return false;
                        }

                        break;
                }
            }

            return creation.Arguments.Length == 0;
        }

        if (ConstantBool(call, "ignoreMissingColumns") is not { } ignore)
        {
            return false;
        }

        ignoreMissing = ignore;
        return IsDefault(call, "inputSchemaDefinition") && IsDefault(call, "outputSchemaDefinition");
    }

    /// <summary>True when the argument is omitted or a constant null.</summary>
    private static bool IsDefault(IInvocationOperation call, string parameter)
        => MlCall.Argument(call, parameter) is not { } argument
           || argument.ArgumentKind == ArgumentKind.DefaultValue
           || MlCall.Unwrap(argument.Value) is IDefaultValueOperation
           || MlCall.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: null };

    /// <summary>The value of a bool parameter: the argument's constant, or the parameter's default; null when not constant.</summary>
    private static bool? ConstantBool(IInvocationOperation call, string parameter)
    {
        if (MlCall.Argument(call, parameter) is not { } argument)
        {
            return null;
        }

        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return argument.Parameter?.ExplicitDefaultValue as bool?;
        }

        return MlCall.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: bool value } ? value : null;
    }

    /// <summary>
    /// What ML.NET compares when it binds a column to a member: vector or not, and the raw item type (a key binds as
    /// its raw type, UInt32); the vector size is not compared.
    /// </summary>
    private readonly struct Binding : System.IEquatable<Binding>
    {
        private Binding(ItemKind item, bool isVector)
        {
            Item = item;
            IsVector = isVector;
        }

        public ItemKind Item { get; }

        public bool IsVector { get; }

        public static Binding? Of(ISymbol member, SchemaTypes types)
        {
            var type = InputSchema.MemberType(member);
            if (type is null)
            {
                return null;
            }

            var isVector = false;
            if (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
                isVector = true;
            }
            else if (type is INamedTypeSymbol { Arity: 1 } generic && types.VBuffer is not null
                     && SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, types.VBuffer))
            {
                type = generic.TypeArguments[0];
                isVector = true;
            }

            var item = InputSchema.ItemOf(type, types);
            return item == ItemKind.Unknown ? null : new Binding(item, isVector);
        }

        public static Binding? Of(Column column, SchemaTypes types)
        {
            var item = column.Type.Item;
            if (item == ItemKind.Key)
            {
                // Keys made by ML.NET are Key<UInt32>; a [KeyType] member of the input keeps its own raw type.
                item = column.Member is { } member && member.GetAttributes().Any(a => SchemaTypes.Is(a, types.KeyType))
                    ? Of(member, types)?.Item ?? ItemKind.Unknown
                    : ItemKind.UInt32;
            }

            return item == ItemKind.Unknown ? null : new Binding(item, column.Type.IsVector);
        }

        /// <summary>The C# spelling of a member type that binds this column; null when there is no simple one.</summary>
        public string? CSharpType()
        {
            var item = Item switch
            {
                ItemKind.Single => "float",
                ItemKind.Double => "double",
                ItemKind.SByte => "sbyte",
                ItemKind.Byte => "byte",
                ItemKind.Int16 => "short",
                ItemKind.UInt16 => "ushort",
                ItemKind.Int32 => "int",
                ItemKind.UInt32 => "uint",
                ItemKind.Int64 => "long",
                ItemKind.UInt64 => "ulong",
                ItemKind.Boolean => "bool",
                ItemKind.String => "string",
                ItemKind.DateTime => "System.DateTime",
                ItemKind.DateTimeOffset => "System.DateTimeOffset",
                ItemKind.TimeSpan => "System.TimeSpan",
                _ => null,
            };
            return item is null ? null : IsVector ? item + "[]" : item;
        }

        public bool Equals(Binding other) => Item == other.Item && IsVector == other.IsVector;

        public override bool Equals(object? obj) => obj is Binding other && Equals(other);

        public override int GetHashCode() => (int)Item * 2 + (IsVector ? 1 : 0);
    }
}
