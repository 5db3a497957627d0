using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG2006: pass <c>samplingKeyColumnName: nameof(T.GroupId)</c> (or the column's string) to the split.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SplitWithoutSamplingKeyCodeFixProvider)), Shared]
public sealed class SplitWithoutSamplingKeyCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SplitWithoutSamplingKey);

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
            // Only the "missing key" diagnostics carry a key; the label-as-key one has no mechanical fix.
            if (diagnostic.Properties.GetValueOrDefault(SplitWithoutSamplingKeyAnalyzer.SamplingKeyProperty) is not { Length: > 0 } keyText
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { } invocation
                || ParseExpression(keyText) is not { ContainsDiagnostics: false } key)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Pass samplingKeyColumnName: " + keyText,
                    ct => AddKeyAsync(context.Document, invocation, key, ct),
                    equivalenceKey: DiagnosticIds.SplitWithoutSamplingKey),
                diagnostic);
        }
    }

    private static async Task<Document> AddKeyAsync(Document document, InvocationExpressionSyntax invocation, ExpressionSyntax key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);

        // An explicit `samplingKeyColumnName: null` (named or positional) is replaced; otherwise a named argument is added.
        ArgumentSyntax? existing = null;
        if (model?.GetOperation(invocation, cancellationToken) is Microsoft.CodeAnalysis.Operations.IInvocationOperation operation)
        {
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Name == "samplingKeyColumnName" && argument.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.Explicit)
                {
                    existing = argument.Syntax as ArgumentSyntax;
                }
            }
        }

        var updated = existing is not null
            ? invocation.ReplaceNode(existing, existing.WithExpression(key.WithTriviaFrom(existing.Expression)))
            : invocation.WithArgumentList(invocation.ArgumentList.AddArguments(Argument(NameColon(IdentifierName("samplingKeyColumnName")), default, key)));
        return document.WithSyntaxRoot(root!.ReplaceNode(invocation, updated));
    }
}
