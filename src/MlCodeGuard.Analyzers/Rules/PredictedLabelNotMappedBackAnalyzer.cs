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
/// MLG3008: a prediction engine over a multiclass chain whose PredictedLabel is still a key (no
/// <c>MapKeyToValue("PredictedLabel")</c>), while the output class expects the original values.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PredictedLabelNotMappedBackAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PredictedLabelNotMappedBack);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        var method = call.TargetMethod;
        if (method.Name != "CreatePredictionEngine" || method.TypeArguments.Length != 2 || !MlTypes.IsFromMlNet(method)
            || call.Arguments.Length == 0 || SchemaFlow.FitOf(call.Arguments[0].Value, types.Ml) is not { Instance: { } estimator })
        {
            return;
        }

        var output = ChainSimulator.Run(ChainSteps.Of(estimator, types), InputSchema.For(method.TypeArguments[0], types)).Output;
        if (output.IsOpen || output.ScoredBy is not { Task: TrainerTask.Multiclass } trainer
            || output.Find("PredictedLabel") is not { Type.Item: ItemKind.Key })
        {
            return;
        }

        var member = InputSchema.Members(method.TypeArguments[1], types)
            .FirstOrDefault(m => InputSchema.ColumnName(m, types) == "PredictedLabel");
        if (member is null || member.GetAttributes().Any(a => SchemaTypes.Is(a, types.KeyType)))
        {
            return;
        }

        var memberType = InputSchema.MemberType(member)?.ToDisplayString() ?? "?";
        report(Diagnostic.Create(
            Descriptors.PredictedLabelNotMappedBack,
            MlCall.NameLocation(call),
            member.Locations.Where(l => l.IsInSource).Take(1),
            trainer.Name,
            method.TypeArguments[1].Name + "." + member.Name,
            memberType));
    }
}
