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
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG1002: pass <c>seed: 0</c> to the split or shuffle.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededSplitOrShuffleCodeFixProvider)), Shared]
public sealed class UnseededSplitOrShuffleCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnseededSplitOrShuffle);

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
            var invocation = Syntax.InvocationAt(root, diagnostic.Location.SourceSpan);
            if (invocation is null || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
            {
                continue;
            }

            var seed = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "seed");
            if (seed is null)
            {
                continue;
            }

            var explicitSeed = seed.ArgumentKind == ArgumentKind.Explicit ? seed.Syntax as ArgumentSyntax : null;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Pass seed: 0 to " + operation.TargetMethod.Name,
                    ct => AddSeedAsync(context.Document, invocation, explicitSeed, ct),
                    equivalenceKey: DiagnosticIds.UnseededSplitOrShuffle),
                diagnostic);
        }
    }

    private static async Task<Document> AddSeedAsync(Document document, InvocationExpressionSyntax invocation, ArgumentSyntax? explicitSeed, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var zero = LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0));
        InvocationExpressionSyntax updated;
        if (explicitSeed is not null)
        {
            updated = invocation.ReplaceNode(explicitSeed, explicitSeed.WithExpression(zero.WithTriviaFrom(explicitSeed.Expression)));
        }
        else
        {
            var seed = Argument(NameColon(IdentifierName("seed")), default, zero);
            updated = invocation.WithArgumentList(invocation.ArgumentList.AddArguments(seed));
        }

        return document.WithSyntaxRoot(root!.ReplaceNode(invocation, updated));
    }
}
