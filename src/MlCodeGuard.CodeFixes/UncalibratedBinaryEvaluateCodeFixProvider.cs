using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlCodeGuard.Analyzers.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG3010: <c>Evaluate</c> becomes <c>EvaluateNonCalibrated</c> (the diagnostic is only reported when no probability column is passed).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UncalibratedBinaryEvaluateCodeFixProvider)), Shared]
public sealed class UncalibratedBinaryEvaluateCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UncalibratedBinaryEvaluate);

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
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not IdentifierNameSyntax { Identifier.ValueText: "Evaluate" } name
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use EvaluateNonCalibrated",
                    ct => RenameAsync(context.Document, name, ct),
                    equivalenceKey: DiagnosticIds.UncalibratedBinaryEvaluate),
                diagnostic);
        }
    }

    private static async Task<Document> RenameAsync(Document document, IdentifierNameSyntax name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(name, IdentifierName("EvaluateNonCalibrated").WithTriviaFrom(name)));
    }
}
