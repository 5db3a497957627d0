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

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG4002: move <c>var engine = ml.Model.CreatePredictionEngine&lt;,&gt;(model);</c> (or a <c>Model.Load</c>, a
/// <c>new MLContext()</c>) from the loop body to just before the loop. Offered only where the analyzer found the
/// declaration movable (loop-invariant arguments, one assignment, no name clash); never for request handlers.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionEnginePerCallCodeFixProvider)), Shared]
public sealed class PredictionEnginePerCallCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PredictionEnginePerCall);

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
            if (!diagnostic.Properties.TryGetValue(PredictionEnginePerCallAnalyzer.HoistProperty, out var hoist) || hoist != "true"
                || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<LocalDeclarationStatementSyntax>().FirstOrDefault() is not { } statement
                || statement.Parent is not BlockSyntax { Parent: StatementSyntax loop } body
                || loop is not (ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                || loop.Parent is not BlockSyntax)
            {
                continue;
            }

            var name = statement.Declaration.Variables[0].Identifier.ValueText;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Move '{name}' before the loop",
                    ct => HoistAsync(context.Document, statement, loop, ct),
                    equivalenceKey: DiagnosticIds.PredictionEnginePerCall),
                diagnostic);
        }
    }

    private static async Task<Document> HoistAsync(Document document, LocalDeclarationStatementSyntax statement, StatementSyntax loop, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var tracked = root!.TrackNodes(statement, loop);
        tracked = tracked.RemoveNode(tracked.GetCurrentNode(statement)!, SyntaxRemoveOptions.KeepNoTrivia)!;
        var currentLoop = tracked.GetCurrentNode(loop)!;
        var moved = statement.WithLeadingTrivia(loop.GetLeadingTrivia());
        tracked = tracked.InsertNodesBefore(currentLoop, new[] { moved });
        return document.WithSyntaxRoot(tracked);
    }
}
