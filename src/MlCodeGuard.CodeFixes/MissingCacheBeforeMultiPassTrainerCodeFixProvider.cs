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

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG4005: <c>X.Append(trainer)</c> becomes <c>X.AppendCacheCheckpoint(ml).Append(trainer)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingCacheBeforeMultiPassTrainerCodeFixProvider)), Shared]
public sealed class MissingCacheBeforeMultiPassTrainerCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingCacheBeforeMultiPassTrainer);

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
            if (!diagnostic.Properties.TryGetValue(MissingCacheBeforeMultiPassTrainerAnalyzer.ContextProperty, out var ml) || ml is null
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { } trainer
                || ChainInsertion.AppendOf(trainer) is not { } append)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Insert AppendCacheCheckpoint({ml}) before the trainer",
                    ct => InsertAsync(context.Document, append, ml, ct),
                    equivalenceKey: DiagnosticIds.MissingCacheBeforeMultiPassTrainer),
                diagnostic);
        }
    }

    private static async Task<Document> InsertAsync(Document document, MemberAccessExpressionSyntax append, string ml, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = ChainInsertion.Insert(append, "AppendCacheCheckpoint", SyntaxFactory.ParseExpression(ml));
        return document.WithSyntaxRoot(root!.ReplaceNode(append, replacement));
    }
}
