using System.Collections.Immutable;
using System.Composition;
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

/// <summary>MLG3001: use the nearest existing column name, as a string or as <c>nameof(TInput.Member)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ColumnNotFoundCodeFixProvider)), Shared]
public sealed class ColumnNotFoundCodeFixProvider : CodeFixProvider
{
    public const string NearestKey = DiagnosticIds.ColumnNotFound + ".Nearest";
    public const string NameofKey = DiagnosticIds.ColumnNotFound + ".Nameof";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ColumnNotFound);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ColumnNotFoundAnalyzer.SuggestionProperty, out var suggestion) || suggestion is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            if (node is not ExpressionSyntax expression
                || !(expression.IsKind(SyntaxKind.StringLiteralExpression) || expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } }))
            {
                continue; // a default column name: nothing in the code to replace.
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use column '{suggestion}'",
                    ct => ReplaceAsync(context.Document, expression, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(suggestion)), ct),
                    equivalenceKey: NearestKey),
                diagnostic);

            if (diagnostic.Properties.TryGetValue(ColumnNotFoundAnalyzer.MemberTypeProperty, out var typeName) && typeName is not null
                && diagnostic.Properties.TryGetValue(ColumnNotFoundAnalyzer.MemberProperty, out var member) && member is not null
                && model.Compilation.GetTypeByMetadataName(typeName) is { } type)
            {
                var typeSyntax = ParseTypeName(type.ToMinimalDisplayString(model, expression.SpanStart));
                var nameofExpression = InvocationExpression(
                    IdentifierName("nameof"),
                    ArgumentList(SingletonSeparatedList(Argument(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, typeSyntax, IdentifierName(member))))));
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use nameof({typeSyntax}.{member})",
                        ct => ReplaceAsync(context.Document, expression, nameofExpression, ct),
                        equivalenceKey: NameofKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement.WithTriviaFrom(expression)));
    }
}
