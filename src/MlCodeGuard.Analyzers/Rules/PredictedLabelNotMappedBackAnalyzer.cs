using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
public sealed class PredictedLabelNotMappedBackAnalyzer : MlAnalyzer
{
    /// <summary>
    /// Diagnostic property: the source text of the MLContext the trainer is called on, set when the fix can append
    /// <c>MapKeyToValue("PredictedLabel")</c> before the <c>Fit</c> (the second additional location).
    /// </summary>
    public const string ContextProperty = "Context";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PredictedLabelNotMappedBack);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
        => SchemaRuleHost.Register(start, types, OnInvocation);

    private static void OnInvocation(SchemaTypes types, IInvocationOperation call, System.Action<Diagnostic> report)
    {
        var method = call.TargetMethod;
        if (method.Name != "CreatePredictionEngine" || method.TypeArguments.Length != 2 || !MlTypes.IsFromMlNet(method)
            || call.Arguments.Length == 0 || SchemaFlow.FitOf(call.Arguments[0].Value, types.Ml) is not { Instance: { } estimator } fit)
        {
            return;
        }

        var chain = ChainSimulator.Run(ChainSteps.Of(estimator, types), InputSchema.For(method.TypeArguments[0], types));
        var output = chain.Output;
        if (output.IsOpen || output.ScoredBy is not { Task: TrainerTask.Multiclass } trainer
            || output.Find("PredictedLabel") is not { Type.Item: ItemKind.Key })
        {
            return;
        }

        var member = InputSchema.Members(method.TypeArguments[1], types)
            .FirstOrDefault(m => !InputSchema.HasUnresolvedAttribute(m) && InputSchema.ColumnName(m, types) == "PredictedLabel");
        if (member is null || member.GetAttributes().Any(a => SchemaTypes.Is(a, types.KeyType)))
        {
            return;
        }

        var memberType = InputSchema.MemberType(member)?.ToDisplayString() ?? "?";
        var additional = member.Locations.Where(l => l.IsInSource).Take(1).ToList();
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (additional.Count == 1 && CanAppendBeforeFit(fit)
            && chain.Steps.LastOrDefault(s => s.Trainer is not null) is { } trainerStep
            && MlCall.ContextOf(trainerStep.Call, types.Ml) is { } context && IsVisibleAt(context, fit))
        {
            additional.Add(fit.Syntax.GetLocation());
            properties = properties.Add(ContextProperty, context.Syntax.ToString());
        }

        report(Diagnostic.Create(
            Descriptors.PredictedLabelNotMappedBack,
            MlCall.NameLocation(call),
            additional,
            properties,
            trainer.Name,
            method.TypeArguments[1].Name + "." + member.Name,
            memberType));
    }

    /// <summary>
    /// <c>chain.Fit(data)</c> may become <c>chain.Append(map).Fit(data)</c>: the model then has another class type, so
    /// its value may only be used as an <c>ITransformer</c> (directly, or through a <c>var</c> local whose every use is one).
    /// </summary>
    private static bool CanAppendBeforeFit(IInvocationOperation fit)
    {
        if (fit.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax })
        {
            return false;
        }

        switch (fit.Parent)
        {
            case IConversionOperation { Type.TypeKind: TypeKind.Interface }:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } declarator }
                when declarator.Syntax.Parent is VariableDeclarationSyntax { Type.IsVar: true }:
                var body = LocalFlow.Root(fit);
                return body.Descendants().OfType<ILocalReferenceOperation>()
                    .Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local))
                    .All(UsedAsTransformer);
            default:
                return false;
        }
    }

    private static bool UsedAsTransformer(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IConversionOperation { Type.TypeKind: TypeKind.Interface } => true,
        IInvocationOperation { TargetMethod.Name: "Transform" or "GetOutputSchema" } invocation => ReferenceEquals(invocation.Instance, reference),
        _ => false,
    };

    /// <summary>The context expression names something the <c>Fit</c> can see: a parameter, a field or property, or a local declared before it in the same body.</summary>
    private static bool IsVisibleAt(IOperation context, IInvocationOperation fit)
    {
        switch (MlCall.Unwrap(context))
        {
            case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                return context.Syntax.SyntaxTree == fit.Syntax.SyntaxTree;
            case ILocalReferenceOperation local:
                return local.Local.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration
                    && declaration.SyntaxTree == fit.Syntax.SyntaxTree
                    && declaration.Span.End <= fit.Syntax.SpanStart
                    && ReferenceEquals(LocalFlow.Root(local), LocalFlow.Root(fit));
            default:
                return false;
        }
    }
}
