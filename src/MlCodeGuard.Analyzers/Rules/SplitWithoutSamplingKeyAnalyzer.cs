using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Provenance;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG2006: TrainTestSplit, CrossValidationSplit or CrossValidate without <c>samplingKeyColumnName</c> on grouped rows
/// (a ranking trainer is fitted on the split, or the input class has a group-like column), or with the label as the key.
/// </summary>
public sealed class SplitWithoutSamplingKeyAnalyzer : MlAnalyzer
{
    /// <summary>The expression the fix passes as <c>samplingKeyColumnName</c> (<c>nameof(T.GroupId)</c> or a string literal).</summary>
    internal const string SamplingKeyProperty = "SamplingKey";

    private const string SamplingKeyParameter = "samplingKeyColumnName";

    /// <summary>Column names that mean "these rows belong together".</summary>
    private static readonly string[] GroupColumns = { "GroupId", "QueryId", "UserId", "SessionId", "PatientId" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SplitWithoutSamplingKey);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        LeakageRuleHost.Register(start, types, OnInvocation);
    }

    private static void OnInvocation(ProvenanceGraph graph, IInvocationOperation call, Action<Diagnostic> report)
    {
        var types = graph.Types;
        var kind = MlCall.Classify(call, types);
        if (kind is not (MlCallKind.TrainTestSplit or MlCallKind.CrossValidationSplit or MlCallKind.CrossValidate)
            || MlCall.Argument(call, SamplingKeyParameter) is not { } keyArgument)
        {
            return;
        }
        var trainers = kind == MlCallKind.CrossValidate ? TrainersOf(graph.EstimatorOf(MlApi.FirstArgument(call, types.ImplementsEstimator)?.Value)) : TrainersFittedOnSidesOf(call, graph);
        var key = MlCall.Unwrap(keyArgument.Value);
        if (key?.ConstantValue is { HasValue: true, Value: string keyColumn })
        {
            ReportLabelAsKey(report, call, keyArgument, keyColumn, kind, trainers, graph);
            return;
        }

        if (keyArgument.ArgumentKind != ArgumentKind.DefaultValue && key?.ConstantValue is not { HasValue: true, Value: null })
        {
            return; // a key computed at run time.
        }

        var inputClass = InputClassOf(graph.DataOf(MlApi.FirstArgument(call, types.IsDataView)?.Value));
        var ranking = trainers.FirstOrDefault(TrainerColumns.IsRanking);
        if (ranking is not null)
        {
            var group = TrainerColumns.Column(ranking, graph, TrainerColumns.RowGroup) ?? "GroupId";
            report(Diagnostic.Create(
                Descriptors.SplitWithoutSamplingKey,
                MlCall.NameLocation(call),
                DiagnosticSeverity.Error,
                new[] { MlCall.NameLocation(ranking) },
                Properties(KeyExpression(inputClass, group, call)),
                call.TargetMethod.Name,
                "has no samplingKeyColumnName, but the ranking trainer '" + ranking.TargetMethod.Name + "' groups rows by '" + group + "': one query's rows land on both sides of the split"));
            return;
        }

        if (inputClass is not null && GroupMember(inputClass) is { } member)
        {
            report(Diagnostic.Create(
                Descriptors.SplitWithoutSamplingKey,
                MlCall.NameLocation(call),
                Properties(KeyExpression(inputClass, ColumnName(member), call)),
                call.TargetMethod.Name,
                "has no samplingKeyColumnName, but the rows of '" + inputClass.Name + "' are grouped by '" + ColumnName(member) + "': one group's rows land on both sides of the split"));
        }
    }

    private static void ReportLabelAsKey(Action<Diagnostic> report, IInvocationOperation call, IArgumentOperation keyArgument, string keyColumn, MlCallKind kind, List<IInvocationOperation> trainers, ProvenanceGraph graph)
    {
        var labels = kind == MlCallKind.CrossValidate
            ? new[] { MlApi.StringArgument(call, TrainerColumns.Label) }
            : trainers.Select(t => TrainerColumns.Column(t, graph, TrainerColumns.Label)).ToArray();
        if (labels.Contains(keyColumn))
        {
            report(Diagnostic.Create(
                Descriptors.SplitWithoutSamplingKey,
                MlApi.ArgumentLocation(keyArgument),
                call.TargetMethod.Name,
                "uses the label '" + keyColumn + "' as samplingKeyColumnName: all rows of one label go to the same side, so the test set can lack a class or be empty"));
        }
    }

    /// <summary>Trainers of every Fit in the block whose rows come from a side of this split.</summary>
    private static List<IInvocationOperation> TrainersFittedOnSidesOf(IInvocationOperation split, ProvenanceGraph graph)
    {
        var trainers = new List<IInvocationOperation>();
        foreach (var invocation in graph.Invocations)
        {
            if (!graph.Types.IsEstimatorFit(invocation.TargetMethod) || graph.TransformerOf(invocation) is not { } fitted || !ComesFrom(fitted.FittedOn, split))
            {
                continue;
            }

            trainers.AddRange(TrainersOf(fitted.Estimator));
        }

        return trainers;
    }

    private static List<IInvocationOperation> TrainersOf(EstimatorChain chain) => chain.Steps.Where(MlApi.IsTrainer).ToList();

    private static bool ComesFrom(DataNode node, IInvocationOperation split)
    {
        for (var (current, depth) = (node, 0); current is not null && depth < 64; depth++)
        {
            if (current.Kind == DataNodeKind.Partition)
            {
                if (ReferenceEquals(current.Split!.Call, split))
                {
                    return true;
                }

                current = current.Split.Input;
            }
            else
            {
                current = current.Input;
            }
        }

        return false;
    }

    /// <summary>The class rows were loaded as (<c>LoadFromTextFile&lt;T&gt;</c>, <c>LoadFromEnumerable&lt;T&gt;</c>), or null.</summary>
    private static ITypeSymbol? InputClassOf(DataNode data)
        => data.Root()?.Operation is IInvocationOperation loader ? MlApi.InputClassOf(loader) : null;

    private static ISymbol? GroupMember(ITypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol or IFieldSymbol && member.DeclaredAccessibility == Accessibility.Public && !member.IsStatic
                && GroupColumns.Any(g => string.Equals(g, ColumnName(member), StringComparison.OrdinalIgnoreCase)))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>The column a member loads into: its <c>[ColumnName]</c>, or its name.</summary>
    private static string ColumnName(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "ColumnNameAttribute" && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return member.Name;
    }

    /// <summary><c>nameof(T.Member)</c> when a member of the input class loads the column under its own name, else the string.</summary>
    private static string KeyExpression(ITypeSymbol? inputClass, string column, IInvocationOperation call)
    {
        var member = inputClass?.GetMembers(column).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol && ColumnName(m) == column);
        if (member is not null && call.SemanticModel is { } model)
        {
            return "nameof(" + inputClass!.ToMinimalDisplayString(model, call.Syntax.SpanStart) + "." + member.Name + ")";
        }

        return "\"" + column.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    private static ImmutableDictionary<string, string?> Properties(string keyExpression)
        => ImmutableDictionary<string, string?>.Empty.Add(SamplingKeyProperty, keyExpression);
}
