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
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG2001: when one data value is both fitted and scored, introduce
/// <c>var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);</c> before the Fit and rewire
/// <c>Fit(split.TrainSet)</c> / <c>Transform(split.TestSet)</c>. Only the shape the analyzer marks as fixable.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EvaluateOnTrainingDataCodeFixProvider)), Shared]
public sealed class EvaluateOnTrainingDataCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.EvaluateOnTrainingData);

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
                        "Split the data: fit on a train set, evaluate on a held-out test set",
                        ct => ApplyAsync(context.Document, plan, ct),
                        equivalenceKey: DiagnosticIds.EvaluateOnTrainingData),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Plan plan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var split = IdentifierName(plan.SplitName);
        var declaration = ParseStatement(
                $"var {plan.SplitName} = {plan.Context}.Data.TrainTestSplit({plan.FitArgument.Expression}, testFraction: 0.2, seed: 0);")
            .WithLeadingTrivia(plan.FitStatement.GetLeadingTrivia())
            .WithTrailingTrivia(plan.FitStatement.GetTrailingTrivia());

        var trackedRoot = root!.TrackNodes(plan.FitStatement, plan.FitArgument.Expression, plan.TransformArgument);
        var transformArgument = trackedRoot.GetCurrentNode(plan.TransformArgument)!;
        trackedRoot = trackedRoot.ReplaceNode(transformArgument, Member(split, "TestSet").WithTriviaFrom(transformArgument));
        var fitArgument = trackedRoot.GetCurrentNode(plan.FitArgument.Expression)!;
        trackedRoot = trackedRoot.ReplaceNode(fitArgument, Member(split, "TrainSet").WithTriviaFrom(fitArgument));

        var fitStatement = trackedRoot.GetCurrentNode(plan.FitStatement)!;
        SyntaxNode newRoot = fitStatement.Parent is GlobalStatementSyntax global
            ? trackedRoot.InsertNodesBefore(global, new[] { GlobalStatement(declaration) })
            : trackedRoot.InsertNodesBefore(fitStatement, new[] { declaration });
        return document.WithSyntaxRoot(newRoot);
    }

    private static MemberAccessExpressionSyntax Member(IdentifierNameSyntax split, string name)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, split, IdentifierName(name));

    private sealed class Plan
    {
        private Plan(StatementSyntax fitStatement, ArgumentSyntax fitArgument, ExpressionSyntax transformArgument, string context, string splitName)
        {
            FitStatement = fitStatement;
            FitArgument = fitArgument;
            TransformArgument = transformArgument;
            Context = context;
            SplitName = splitName;
        }

        public StatementSyntax FitStatement { get; }

        public ArgumentSyntax FitArgument { get; }

        public ExpressionSyntax TransformArgument { get; }

        public string Context { get; }

        public string SplitName { get; }

        public static Plan? TryCreate(SyntaxNode root, Diagnostic diagnostic)
        {
            var properties = diagnostic.Properties;
            if (!properties.ContainsKey(EvaluateOnTrainingDataAnalyzer.FixableProperty)
                || properties.GetValueOrDefault(EvaluateOnTrainingDataAnalyzer.ContextProperty) is not { Length: > 0 } context
                || properties.GetValueOrDefault(EvaluateOnTrainingDataAnalyzer.TransformArgumentProperty) is not { } spanText
                || diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            var parts = spanText.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var start) || !int.TryParse(parts[1], out var length)
                || start < 0 || start + length > root.FullSpan.End)
            {
                return null;
            }

            var fit = Syntax.InvocationAt(root, diagnostic.AdditionalLocations[0].SourceSpan);
            var found = root.FindNode(new TextSpan(start, length), getInnermostNodeForTie: true);
            var transformArgument = found is ArgumentSyntax wrapped ? wrapped.Expression : found as ExpressionSyntax;

            if (fit is not { ArgumentList.Arguments.Count: 1 } || fit.ArgumentList.Arguments[0] is not { Expression: IdentifierNameSyntax fitName } fitArgument
                || transformArgument is not IdentifierNameSyntax transformName || fitName.Identifier.ValueText != transformName.Identifier.ValueText)
            {
                return null;
            }

            // The Fit must be a statement of a block (or a top-level statement) that the new declaration can precede.
            var statement = fit.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null || statement.Parent is not (BlockSyntax or GlobalStatementSyntax) || statement.SpanStart > transformArgument.SpanStart)
            {
                return null;
            }

            // The new local must be in scope at the Transform: the Fit's block must enclose it (an `if` body would not).
            if (statement.Parent is BlockSyntax block && !block.Span.Contains(transformArgument.Span))
            {
                return null;
            }

            var scope = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or GlobalStatementSyntax) ?? root;
            if (scope is GlobalStatementSyntax)
            {
                scope = root;
            }

            var taken = scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToImmutableHashSet();
            var name = "split";
            for (var i = 2; taken.Contains(name); i++)
            {
                name = "split" + i;
            }

            return new Plan(statement, fitArgument, transformArgument, context, name);
        }
    }
}
