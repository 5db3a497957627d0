using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>Runs a chain's steps over an input schema, by the rows of the <see cref="EstimatorCatalog"/>.</summary>
internal static class ChainSimulator
{
    public static ChainAnalysis Run(List<ChainNode> nodes, SchemaState input)
    {
        var state = input;
        var steps = ImmutableArray.CreateBuilder<StepResult>();
        IOperation? head = null;
        foreach (var node in nodes)
        {
            if (node.IsCheckpoint)
            {
                continue; // caching changes no column.
            }

            if (node.Call is null || node.Entry is null)
            {
                state = state.Open(node.OpaqueReason ?? "a step cannot be modelled");
                continue;
            }

            head ??= steps.Count == 0 ? node.Call : null;
            var step = new StepResult(node.Call, node.Entry, state);
            steps.Add(step);
            state = Apply(step, state);
        }

        return new ChainAnalysis(input, steps.ToImmutable(), state, head);
    }

    /// <summary>A column name given by a step: the name, the operation that spells it (null for defaults), or null when not constant.</summary>
    private readonly struct Name
    {
        public Name(string value, IOperation? operation)
        {
            Value = value;
            Operation = operation;
        }

        public string Value { get; }

        public IOperation? Operation { get; }
    }

    private static SchemaState Apply(StepResult step, SchemaState state)
    {
        var entry = step.Entry;
        var call = step.Call;

        if (entry.IsTrainer)
        {
            return ApplyTrainer(step, state);
        }

        // The InputOutputColumnPair[] overloads: one (output, input) per pair.
        if (MlCall.Argument(call, "columns") is { } pairsArgument && entry.Writes.Length > 0)
        {
            var pairs = Pairs(pairsArgument.Value);
            if (pairs is null)
            {
                return state.Open($"the columns of '{entry.Method}' are not constant");
            }

            var result = state;
            foreach (var (output, inputName) in pairs)
            {
                var read = Read(step, state, "input", inputName);
                result = Write(result, step, output.Value, new[] { read });
            }

            return result;
        }

        var reads = new List<ColumnRead>();
        foreach (var parameter in entry.Reads)
        {
            if (!Resolve(call, parameter, out var names))
            {
                return state.Open($"a column name of '{entry.Method}' is not a constant");
            }

            reads.AddRange(names.Select(n => Read(step, state, parameter.Role, n)));
        }

        switch (entry.Rule)
        {
            case TypeRule.Drop:
                return reads.Aggregate(state, (s, r) => s.Without(r.Name));
            case TypeRule.Select:
                return state.IsOpen
                    ? state
                    : state.Only(state.Columns.Where(c => reads.Any(r => r.Name == c.Key)).ToImmutableDictionary(c => c.Key, c => c.Value, state.Columns.KeyComparer));
        }

        var result2 = state;
        foreach (var parameter in entry.Writes)
        {
            if (!Resolve(call, parameter, out var outputs))
            {
                return state.Open($"the output column of '{entry.Method}' is not a constant");
            }

            foreach (var output in outputs)
            {
                result2 = Write(result2, step, output.Value, reads);
            }
        }

        // FeaturizeText's options can name a second output: the tokens it extracted, a vector of strings.
        if (entry.Method == "FeaturizeText" && MlCall.Argument(call, "options") is { } options && !IsNull(options.Value))
        {
            var tokens = new List<Name>();
            if (!FromOptionsProperty(call, "OutputTokensColumnName", tokens))
            {
                return result2.Open("the options of 'FeaturizeText' are not visible, and may name a tokens column");
            }

            foreach (var name in tokens)
            {
                result2 = result2.With(new Column(name.Value, new ColumnType(ItemKind.String, Shape.VarVector), "step 'FeaturizeText' (OutputTokensColumnName)"));
            }
        }

        return result2;
    }

    private static ColumnRead Read(StepResult step, SchemaState state, string role, Name name)
    {
        var read = new ColumnRead(step, role, name.Value, name.Operation, state.Find(name.Value), !state.IsOpen);
        step.Reads.Add(read);
        return read;
    }

    private static SchemaState Write(SchemaState state, StepResult step, string output, IReadOnlyList<ColumnRead> reads)
    {
        var inputs = reads.Where(r => r.Role == "input").ToList();
        var first = inputs.Count > 0 ? inputs[0].Found : null;
        var origin = $"step '{step.Entry.Method}'";
        var inputType = first?.Type ?? ColumnType.Unknown;
        ColumnType type;
        ISymbol? member = first?.Member;
        switch (step.Entry.Rule)
        {
            case TypeRule.Same:
                type = inputType;
                break;
            case TypeRule.Concatenate:
                (type, member) = Concatenated(inputs);
                break;
            case TypeRule.ToKey:
                type = inputType.WithItem(ItemKind.Key);
                break;
            case TypeRule.Convert:
                type = inputType.WithItem(ConvertedItem(step.Call));
                break;
            case TypeRule.FloatVector:
                type = new ColumnType(ItemKind.Single, Shape.KnownVector);
                break;
            case TypeRule.OneHot:
                type = IsKeyOutput(step.Call) ? inputType.WithItem(ItemKind.Key) : new ColumnType(ItemKind.Single, Shape.KnownVector);
                break;
            case TypeRule.Boolean:
                type = inputType.WithItem(ItemKind.Boolean);
                break;
            case TypeRule.Float:
                type = new ColumnType(ItemKind.Single);
                break;
            case TypeRule.TokenVector:
                type = new ColumnType(ItemKind.String, Shape.VarVector);
                break;
            case TypeRule.KeyVector:
                type = new ColumnType(ItemKind.Key, Shape.VarVector);
                break;
            case TypeRule.Text:
                type = new ColumnType(ItemKind.String);
                break;
            default:
                type = ColumnType.Unknown;
                break;
        }

        if (type.Item == ItemKind.Unknown)
        {
            type = ColumnType.Unknown;
        }

        return state.With(new Column(output, type, origin, type.Shape == Shape.VarVector || step.Entry.Rule == TypeRule.Same ? member : null));
    }

    /// <summary>The Concatenate type: common item type (Unknown when mixed), sizes added, variable when any input is.</summary>
    private static (ColumnType Type, ISymbol? Member) Concatenated(List<ColumnRead> inputs)
    {
        if (inputs.Count == 0 || inputs.Any(r => r.Found is null || !r.Found.Type.IsKnown))
        {
            return (ColumnType.Unknown, null);
        }

        var types = inputs.Select(r => r.Found!.Type).ToList();
        var item = types.Select(t => t.Item).Distinct().Count() == 1 ? types[0].Item : ItemKind.Unknown;
        var variable = inputs.FirstOrDefault(r => r.Found!.Type.Shape == Shape.VarVector);
        if (variable is not null)
        {
            return (new ColumnType(item, Shape.VarVector), variable.Found!.Member);
        }

        var size = types.All(t => t.Shape == Shape.Scalar || t.Size > 0) ? types.Sum(t => t.Shape == Shape.Scalar ? 1 : t.Size) : 0;
        return (new ColumnType(item, Shape.KnownVector, size), null);
    }

    private static ItemKind ConvertedItem(IInvocationOperation call)
    {
        var argument = MlCall.Argument(call, "outputKind");
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return argument?.Parameter?.ExplicitDefaultValue is { } value ? DataKindItem(argument.Parameter.Type, value) : ItemKind.Single;
        }

        return argument.Value.ConstantValue is { HasValue: true, Value: { } constant } ? DataKindItem(argument.Value.Type, constant) : ItemKind.Unknown;
    }

    /// <summary>The item type a <c>DataKind</c> constant names (the kinds the rules reason about; others are unknown).</summary>
    internal static ItemKind DataKindItem(ITypeSymbol? enumType, object value)
    {
        var name = enumType?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value))?.Name;
        return name switch
        {
            "Single" => ItemKind.Single,
            "Double" => ItemKind.Double,
            "Int32" => ItemKind.Int32,
            "Int64" => ItemKind.Int64,
            "UInt32" => ItemKind.UInt32,
            "Boolean" => ItemKind.Boolean,
            "String" => ItemKind.String,
            _ => ItemKind.Unknown,
        };
    }

    private static bool IsKeyOutput(IInvocationOperation call)
    {
        var argument = MlCall.Argument(call, "outputKind");
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return false;
        }

        var value = argument.Value.ConstantValue;
        var type = MlCall.Unwrap(argument.Value)?.Type ?? argument.Value.Type;
        return value.HasValue && type?.GetMembers("Key").OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true } key
               && Equals(key.ConstantValue, value.Value);
    }

    private static SchemaState ApplyTrainer(StepResult step, SchemaState state)
    {
        var entry = step.Entry;
        var call = step.Call;
        var options = MlCall.Argument(call, "options");
        foreach (var parameter in entry.Reads)
        {
            if (MlCall.Argument(call, parameter.Name) is not null)
            {
                if (Resolve(call, parameter, out var names))
                {
                    foreach (var name in names)
                    {
                        Read(step, state, parameter.Role, name);
                    }
                }
            }
            else if (options is not null && FromOptions(options, parameter) is { } name)
            {
                Read(step, state, parameter.Role, name);
            }
        }

        var trainer = new TrainerInfo(entry.Method, entry.Task, entry.Calibrated);
        step.Trainer = trainer;
        var origin = $"trainer '{entry.Method}'";
        var single = new ColumnType(ItemKind.Single);
        var scoreVector = new ColumnType(ItemKind.Single, Shape.KnownVector);
        switch (entry.Task)
        {
            case TrainerTask.Binary:
                state = state.With(new Column("Score", single, origin)).With(new Column("PredictedLabel", new ColumnType(ItemKind.Boolean), origin));
                state = entry.Calibrated ? state.With(new Column("Probability", single, origin)) : state.Without("Probability");
                break;
            case TrainerTask.Multiclass:
            case TrainerTask.Clustering:
                state = state.With(new Column("Score", scoreVector, origin)).With(new Column("PredictedLabel", new ColumnType(ItemKind.Key), origin));
                break;
            case TrainerTask.AnomalyDetection:
                state = state.With(new Column("Score", single, origin)).With(new Column("PredictedLabel", new ColumnType(ItemKind.Boolean), origin));
                break;
            default:
                state = state.With(new Column("Score", single, origin));
                break;
        }

        return state.Scored(trainer);
    }

    /// <summary>A column name set in an Options object initializer, or the Options default; null when the options are not visible.</summary>
    private static Name? FromOptions(IArgumentOperation options, ColumnParameter parameter)
    {
        if (MlCall.Unwrap(options.Value) is not IObjectCreationOperation creation)
        {
            return null;
        }

        var (property, fallback) = parameter.OptionsProperty;
        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && target.Member.Name == property)
                {
                    var value = MlCall.Unwrap(assignment.Value);
                    return value?.ConstantValue is { HasValue: true, Value: string name } ? new Name(name, value) : null;
                }
            }
        }

        return fallback is null ? null : new Name(fallback, null);
    }

    /// <summary>
    /// The names a parameter gives: a constant string, the elements of a constant <c>params string[]</c>, the fallback
    /// parameter's name when null or omitted, the parameter's default otherwise. False when a name is not constant.
    /// </summary>
    private static bool Resolve(IInvocationOperation call, ColumnParameter parameter, out List<Name> names)
    {
        names = new List<Name>();
        if (parameter.Literal is { } literal)
        {
            names.Add(new Name(literal, null));
            return true;
        }

        if (parameter.IsOptionsProperty)
        {
            return FromOptionsProperty(call, parameter.Name, names);
        }

        var argument = MlCall.Argument(call, parameter.Name);
        if (argument is null)
        {
            return true; // this overload has no such parameter.
        }

        if (argument.Parameter?.Type is IArrayTypeSymbol)
        {
            if (MlCall.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    var value = MlCall.Unwrap(element);
                    if (value?.ConstantValue is not { HasValue: true, Value: string name })
                    {
                        return false;
                    }

                    names.Add(new Name(name, value));
                }

                return true;
            }

            return argument.ArgumentKind == ArgumentKind.DefaultValue || IsNull(argument.Value);
        }

        if (argument.ArgumentKind != ArgumentKind.DefaultValue && !IsNull(argument.Value))
        {
            var value = MlCall.Unwrap(argument.Value);
            if (value?.ConstantValue is not { HasValue: true, Value: string name })
            {
                return false;
            }

            names.Add(new Name(name, value));
            return true;
        }

        if (parameter.FallbackParameter is { } fallback && MlCall.Argument(call, fallback) is { } other)
        {
            var value = MlCall.Unwrap(other.Value);
            if (value?.ConstantValue is not { HasValue: true, Value: string name })
            {
                return false;
            }

            names.Add(new Name(name, value)); // the output name stands for the input too: report there.
            return true;
        }

        if (argument.Parameter?.ExplicitDefaultValue is string defaultName)
        {
            names.Add(new Name(defaultName, null));
        }

        return true;
    }

    /// <summary>A column named by a property of the call's Options object initializer; false when the options are not visible.</summary>
    private static bool FromOptionsProperty(IInvocationOperation call, string property, List<Name> names)
    {
        var options = MlCall.Argument(call, "options");
        if (options is null)
        {
            return true;
        }

        if (MlCall.Unwrap(options.Value) is not IObjectCreationOperation creation)
        {
            return false;
        }

        foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && target.Member.Name == property)
            {
                var value = MlCall.Unwrap(assignment.Value);
                if (value?.ConstantValue is { HasValue: true, Value: string name })
                {
                    names.Add(new Name(name, value));
                    return true;
                }

                return value?.ConstantValue is { HasValue: true, Value: null };
            }
        }

        return true; // not set: these properties default to null, no column.
    }

    private static bool IsNull(IOperation value)
    {
        var unwrapped = MlCall.Unwrap(value);
        return unwrapped is IDefaultValueOperation || unwrapped?.ConstantValue is { HasValue: true, Value: null };
    }

    /// <summary>The (output, input) names of <c>new[] { new InputOutputColumnPair("out", "in"), ... }</c>; null when not constant.</summary>
    private static List<(Name Output, Name Input)>? Pairs(IOperation value)
    {
        if (MlCall.Unwrap(value) is not IArrayCreationOperation { Initializer: { } initializer })
        {
            return null;
        }

        var pairs = new List<(Name, Name)>();
        foreach (var element in initializer.ElementValues)
        {
            if (MlCall.Unwrap(element) is not IObjectCreationOperation { Arguments.Length: 2 } creation
                || MlCall.Unwrap(creation.Arguments[0].Value) is not { ConstantValue: { HasValue: true, Value: string output } } outputOperation)
            {
                return null;
            }

            var input = creation.Arguments[1];
            var inputValue = MlCall.Unwrap(input.Value);
            if (input.ArgumentKind == ArgumentKind.DefaultValue || IsNull(input.Value))
            {
                pairs.Add((new Name(output, outputOperation), new Name(output, outputOperation)));
            }
            else if (inputValue?.ConstantValue is { HasValue: true, Value: string inputName })
            {
                pairs.Add((new Name(output, outputOperation), new Name(inputName, inputValue)));
            }
            else
            {
                return null;
            }
        }

        return pairs;
    }
}
