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

/// <summary>MLG2003: fit the preprocessing on the train partition (<c>split.TestSet</c> becomes <c>split.TrainSet</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TestDataInTrainingCodeFixProvider)), Shared]
public sealed class TestDataInTrainingCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TestDataInTraining);

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
            // Only training rows written `x.TestSet` are rewired; a validation set on the test side has no mechanical fix.
            if (!diagnostic.Properties.ContainsKey(TestDataInTrainingAnalyzer.FixableProperty)
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { } fit
                || fit.ArgumentList.Arguments.Count == 0
                || fit.ArgumentList.Arguments[0].Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TestSet" } testSet)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Fit on the train partition",
                    ct => ReplaceAsync(context.Document, testSet, ct),
                    equivalenceKey: DiagnosticIds.TestDataInTraining),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, MemberAccessExpressionSyntax testSet, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var trainSet = testSet.WithName(IdentifierName("TrainSet").WithTriviaFrom(testSet.Name));
        return document.WithSyntaxRoot(root!.ReplaceNode(testSet, trainSet));
    }
}
