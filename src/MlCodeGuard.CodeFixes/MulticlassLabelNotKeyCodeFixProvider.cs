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

/// <summary>MLG3004: start the chain with <c>ml.Transforms.Conversion.MapValueToKey("Label")</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MulticlassLabelNotKeyCodeFixProvider)), Shared]
public sealed class MulticlassLabelNotKeyCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MulticlassLabelNotKey);

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
            if (!diagnostic.Properties.TryGetValue(MulticlassLabelNotKeyAnalyzer.LabelProperty, out var label) || label is null
                || !diagnostic.Properties.TryGetValue(MulticlassLabelNotKeyAnalyzer.ContextProperty, out var ml) || ml is null
                || diagnostic.AdditionalLocations.FirstOrDefault() is not { } headLocation
                || headLocation.SourceTree != root.SyntaxTree
                || root.FindNode(headLocation.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax head
                || !CanPrepend(head))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Insert MapValueToKey(\"{label}\") at the head of the chain",
                    ct => PrependAsync(context.Document, head, ml, label, ct),
                    equivalenceKey: DiagnosticIds.MulticlassLabelNotKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The longer chain is typed as an <c>EstimatorChain</c>: it may replace the head of a fluent chain, the receiver
    /// of <c>Fit</c>, or the initializer of a <c>var</c> local, not a value stored in a variable of the head's type.
    /// </summary>
    private static bool CanPrepend(InvocationExpressionSyntax head) => head.Parent switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Append" or "AppendCacheCheckpoint" or "Fit" } member => member.Expression == head,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } } => true,
        _ => false,
    };

    private static async Task<Document> PrependAsync(Document document, InvocationExpressionSyntax head, string ml, string label, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var map = ParseExpression($"{ml}.Transforms.Conversion.MapValueToKey({SymbolDisplay.FormatLiteral(label, quote: true)})");
        var chained = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, map, IdentifierName("Append")),
            ArgumentList(SingletonSeparatedList(Argument(head.WithoutTrivia()))));
        return document.WithSyntaxRoot(root!.ReplaceNode(head, chained.WithTriviaFrom(head)));
    }
}
