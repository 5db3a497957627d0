using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlCodeGuard.Analyzers.Diagnostics;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG2005: remove the label-tied column from the <c>Concatenate</c> inputs (never the last input).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LabelInFeaturesCodeFixProvider)), Shared]
public sealed class LabelInFeaturesCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LabelInFeatures);

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
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var expression = node is ArgumentSyntax wrapped ? wrapped.Expression : node as ExpressionSyntax;
            if (expression is null)
            {
                continue;
            }

            var title = "Remove " + expression + " from the feature inputs";
            switch (expression.Parent)
            {
                // Concatenate("Features", "A", "Label"): the params form; the first argument is the output column.
                case ArgumentSyntax argument when argument.Parent is ArgumentListSyntax list && list.Arguments.Count > 2 && list.Arguments.IndexOf(argument) > 0:
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => RemoveAsync(context.Document, list, list.WithArguments(list.Arguments.Remove(argument)), ct), equivalenceKey: DiagnosticIds.LabelInFeatures),
                        diagnostic);
                    break;

                // Concatenate("Features", new[] { "A", "Label" }).
                case InitializerExpressionSyntax initializer when initializer.Expressions.Count > 1:
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => RemoveAsync(context.Document, initializer, initializer.WithExpressions(initializer.Expressions.Remove(expression)), ct), equivalenceKey: DiagnosticIds.LabelInFeatures),
                        diagnostic);
                    break;
            }
        }
    }

    private static async Task<Document> RemoveAsync(Document document, SyntaxNode original, SyntaxNode updated, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(original, updated));
    }
}
