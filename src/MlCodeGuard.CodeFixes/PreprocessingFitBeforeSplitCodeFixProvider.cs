using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlCodeGuard.Analyzers.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG2002, for the common shape only:
/// <code>
/// var prepModel = prep.Fit(data);
/// var prepared = prepModel.Transform(data);
/// var split = ml.Data.TrainTestSplit(prepared, ...);
/// var model = trainer.Fit(split.TrainSet);
/// </code>
/// becomes <c>var split = ml.Data.TrainTestSplit(data, ...); var model = prep.Append(trainer).Fit(split.TrainSet);</c>:
/// the preprocessing moves into the training chain and is fitted on the train split only. Every other shape (the
/// fitted preprocessing or its output used elsewhere, several fits on the train set, a typed model variable) gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PreprocessingFitBeforeSplitCodeFixProvider)), Shared]
public sealed class PreprocessingFitBeforeSplitCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PreprocessingFitBeforeSplit);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan.TryCreate(root, diagnostic) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Move the preprocessing into the training chain (fit it on the train split only)",
                        ct => ApplyAsync(context.Document, plan, ct),
                        equivalenceKey: DiagnosticIds.PreprocessingFitBeforeSplit),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Plan plan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var tracked = root!.TrackNodes(plan.FitStatement, plan.TransformStatement, plan.SplitInput, plan.TrainingReceiver);

        var receiver = tracked.GetCurrentNode(plan.TrainingReceiver)!;
        var appended = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.Preprocessing.WithoutTrivia(), IdentifierName("Append")),
            ArgumentList(SingletonSeparatedList(Argument(receiver.WithoutTrivia()))));
        tracked = tracked.ReplaceNode(receiver, appended.WithTriviaFrom(receiver));

        var splitInput = tracked.GetCurrentNode(plan.SplitInput)!;
        tracked = tracked.ReplaceNode(splitInput, plan.Data.WithTriviaFrom(splitInput));

        tracked = tracked.RemoveNodes(
            new SyntaxNode[] { tracked.GetCurrentNode(plan.FitStatement)!, tracked.GetCurrentNode(plan.TransformStatement)! },
            SyntaxRemoveOptions.KeepNoTrivia)!;
        return document.WithSyntaxRoot(tracked);
    }

    private sealed class Plan
    {
        public LocalDeclarationStatementSyntax FitStatement { get; private set; } = null!;

        public LocalDeclarationStatementSyntax TransformStatement { get; private set; } = null!;

        /// <summary>The split's data argument (<c>prepared</c>), replaced by the raw data.</summary>
        public ExpressionSyntax SplitInput { get; private set; } = null!;

        /// <summary>The estimator the train set is fitted with (<c>trainer</c> in <c>trainer.Fit(split.TrainSet)</c>).</summary>
        public ExpressionSyntax TrainingReceiver { get; private set; } = null!;

        /// <summary>The preprocessing estimator expression (<c>prep</c>).</summary>
        public ExpressionSyntax Preprocessing { get; private set; } = null!;

        /// <summary>The raw data (<c>data</c>).</summary>
        public IdentifierNameSyntax Data { get; private set; } = null!;

        public static Plan? TryCreate(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { Expression: MemberAccessExpressionSyntax fitAccess } fit
                || Syntax.InvocationAt(root, diagnostic.AdditionalLocations[0].SourceSpan) is not { } split
                || split.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TrainTestSplit" }
                || fit.ArgumentList.Arguments.Count != 1
                || fit.ArgumentList.Arguments[0].Expression is not IdentifierNameSyntax data
                || Declaration(fit) is not { } fitDeclaration
                || fitDeclaration.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax block } fitStatement)
            {
                return null;
            }

            // var prepared = prepModel.Transform(data);
            var prepModel = fitDeclaration.Identifier.ValueText;
            var transformStatement = block.Statements.OfType<LocalDeclarationStatementSyntax>().FirstOrDefault(s =>
                s.Declaration.Variables.Count == 1
                && s.Declaration.Variables[0].Initializer?.Value is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: "Transform" },
                    ArgumentList.Arguments.Count: 1,
                } transform
                && transform.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax input
                && receiver.Identifier.ValueText == prepModel && input.Identifier.ValueText == data.Identifier.ValueText);
            if (transformStatement is null || split.ArgumentList.Arguments.Count == 0
                || split.ArgumentList.Arguments[0].Expression is not IdentifierNameSyntax splitInput
                || splitInput.Identifier.ValueText != transformStatement.Declaration.Variables[0].Identifier.ValueText
                || Declaration(split) is not { } splitDeclaration
                || splitDeclaration.Parent?.Parent?.Parent != block)
            {
                return null;
            }

            // The fitted preprocessing and its output are used nowhere else: they disappear.
            var prepared = splitInput.Identifier.ValueText;
            var names = block.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).ToList();
            if (names.Count(n => n == prepModel) != 1 || names.Count(n => n == prepared) != 1)
            {
                return null;
            }

            // Exactly one `x.Fit(split.TrainSet)`, in a `var` or ITransformer declaration.
            var splitName = splitDeclaration.Identifier.ValueText;
            var trainingFits = block.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i =>
                i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Fit" }
                && i.ArgumentList.Arguments.Count == 1
                && i.ArgumentList.Arguments[0].Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax s, Name.Identifier.ValueText: "TrainSet" }
                && s.Identifier.ValueText == splitName).ToList();
            if (trainingFits.Count != 1 || trainingFits[0] is not { Expression: MemberAccessExpressionSyntax trainingAccess } trainingFit
                || Declaration(trainingFit)?.Parent is not VariableDeclarationSyntax { Type: var type }
                || !(type.IsVar || type is IdentifierNameSyntax { Identifier.ValueText: "ITransformer" })
                || trainingFit.SpanStart < split.SpanStart)
            {
                return null;
            }

            return new Plan
            {
                FitStatement = fitStatement,
                TransformStatement = transformStatement,
                SplitInput = splitInput,
                TrainingReceiver = trainingAccess.Expression,
                Preprocessing = fitAccess.Expression,
                Data = data,
            };
        }

        /// <summary>The declarator whose initializer is exactly <paramref name="value"/>.</summary>
        private static VariableDeclaratorSyntax? Declaration(ExpressionSyntax value)
            => value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ? declarator : null;
    }
}
