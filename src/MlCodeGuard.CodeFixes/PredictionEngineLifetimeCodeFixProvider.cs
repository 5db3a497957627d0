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
using Microsoft.CodeAnalysis.Simplification;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG4003: <c>var engine = ...;</c> becomes <c>using var engine = ...;</c> (an engine over a model of this method), or
/// <c>CreatePredictionEngine&lt;,&gt;(model)</c> gets <c>new PredictionEngineOptions { OwnsTransformer = false }</c> (a
/// disposed engine over a shared model).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionEngineLifetimeCodeFixProvider)), Shared]
public sealed class PredictionEngineLifetimeCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PredictionEngineLifetime);

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
            if (!diagnostic.Properties.TryGetValue(PredictionEngineLifetimeAnalyzer.FixProperty, out var fix)
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { } create)
            {
                continue;
            }

            if (fix == PredictionEngineLifetimeAnalyzer.AddUsing
                && create.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax, UsingKeyword.RawKind: 0 } statement } } }
                && root.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 })
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Dispose the engine ('using')",
                        ct => ReplaceAsync(context.Document, statement, AddUsing(statement), ct),
                        equivalenceKey: DiagnosticIds.PredictionEngineLifetime + "." + PredictionEngineLifetimeAnalyzer.AddUsing),
                    diagnostic);
            }
            else if (fix == PredictionEngineLifetimeAnalyzer.NotOwned && create.ArgumentList.Arguments.Count == 1 && create.ArgumentList.Arguments[0].NameColon is null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Create the engine with OwnsTransformer = false",
                        ct => ReplaceAsync(context.Document, create, NotOwned(create), ct),
                        equivalenceKey: DiagnosticIds.PredictionEngineLifetime + "." + PredictionEngineLifetimeAnalyzer.NotOwned),
                    diagnostic);
            }
        }
    }

    private static SyntaxNode AddUsing(LocalDeclarationStatementSyntax statement)
        => statement.WithoutLeadingTrivia()
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space))
            .WithLeadingTrivia(statement.GetLeadingTrivia());

    private static SyntaxNode NotOwned(InvocationExpressionSyntax create)
    {
        var options = (ObjectCreationExpressionSyntax)ParseExpression("new Microsoft.ML.PredictionEngineOptions { OwnsTransformer = false }");
        options = options.WithType(options.Type.WithAdditionalAnnotations(Simplifier.Annotation));
        var arguments = SeparatedList(
            new[] { create.ArgumentList.Arguments[0], Argument(options) },
            new[] { Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space) });
        return create.WithArgumentList(create.ArgumentList.WithArguments(arguments));
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(node, replacement));
    }
}
