using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG3009: give a member without <c>[LoadColumn]</c> the next free index.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoadColumnInvalidCodeFixProvider)), Shared]
public sealed class LoadColumnInvalidCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LoadColumnInvalid);

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
            // Only the missing-attribute diagnostics carry the index; overlaps need a human to pick the right column.
            if (!diagnostic.Properties.TryGetValue(LoadColumnInvalidAnalyzer.IndexProperty, out var text) || !int.TryParse(text, out var index))
            {
                continue;
            }

            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            MemberDeclarationSyntax? member = token.Parent switch
            {
                PropertyDeclarationSyntax property => property,
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } => field,
                _ => null,
            };
            if (member is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [LoadColumn({index})]",
                    ct => AddAsync(context.Document, member, index, ct),
                    equivalenceKey: DiagnosticIds.LoadColumnInvalid),
                diagnostic);
        }
    }

    private static async Task<Document> AddAsync(Document document, MemberDeclarationSyntax member, int index, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var attribute = Attribute(
            ParseName("Microsoft.ML.Data.LoadColumn").WithAdditionalAnnotations(Simplifier.Annotation),
            AttributeArgumentList(SingletonSeparatedList(AttributeArgument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(index))))));
        var list = AttributeList(SingletonSeparatedList(attribute))
            .WithLeadingTrivia(member.GetLeadingTrivia())
            .WithTrailingTrivia(Space);
        var updated = member.WithoutLeadingTrivia().WithAttributeLists(member.AttributeLists.Insert(0, list));
        if (member.AttributeLists.Count > 0)
        {
            // The first existing list lost its leading trivia with the member's; put a space before it.
            updated = updated.WithAttributeLists(updated.AttributeLists.Replace(updated.AttributeLists[1], updated.AttributeLists[1].WithLeadingTrivia()));
        }

        var simplified = document.WithSyntaxRoot(root!.ReplaceNode(member, updated));
        return await Simplifier.ReduceAsync(simplified, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
