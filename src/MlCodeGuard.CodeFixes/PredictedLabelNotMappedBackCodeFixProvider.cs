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
using MlCodeGuard.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG3008: <c>chain.Fit(data)</c> becomes <c>chain.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data)</c>,
/// on the line of its own when the chain is written one step per line.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictedLabelNotMappedBackCodeFixProvider)), Shared]
public sealed class PredictedLabelNotMappedBackCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PredictedLabelNotMappedBack);

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
            // The analyzer sets the context and the Fit location only when the rewrite keeps the code compiling.
            if (!diagnostic.Properties.TryGetValue(PredictedLabelNotMappedBackAnalyzer.ContextProperty, out var ml) || ml is null
                || diagnostic.AdditionalLocations.Count < 2
                || diagnostic.AdditionalLocations[1] is not { } fitLocation || fitLocation.SourceTree != root.SyntaxTree
                || root.FindNode(fitLocation.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } fit)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Append MapKeyToValue(\"PredictedLabel\") to the chain",
                    ct => AppendAsync(context.Document, fit, ml, ct),
                    equivalenceKey: DiagnosticIds.PredictedLabelNotMappedBack),
                diagnostic);
        }
    }

    private static async Task<Document> AppendAsync(Document document, InvocationExpressionSyntax fit, string ml, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var access = (MemberAccessExpressionSyntax)fit.Expression;
        var map = ParseExpression($"{ml}.Transforms.Conversion.MapKeyToValue(\"PredictedLabel\")");

        // `.Append(...)` takes the `.Fit` dot's leading trivia: a new line with the chain's indentation, or nothing.
        var appended = InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                access.Expression,
                Token(SyntaxKind.DotToken).WithLeadingTrivia(access.OperatorToken.LeadingTrivia),
                IdentifierName("Append")),
            ArgumentList(SingletonSeparatedList(Argument(map))))
            .WithTrailingTrivia(access.Expression.GetTrailingTrivia());
        return document.WithSyntaxRoot(root!.ReplaceNode(access.Expression, appended));
    }
}
