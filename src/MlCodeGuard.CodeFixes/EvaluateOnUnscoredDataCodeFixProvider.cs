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

/// <summary>MLG3011: <c>Evaluate(data)</c> becomes <c>Evaluate(model.Transform(data))</c>, when one fitted model is in scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EvaluateOnUnscoredDataCodeFixProvider)), Shared]
public sealed class EvaluateOnUnscoredDataCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.EvaluateOnUnscoredData);

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
            if (!diagnostic.Properties.TryGetValue(EvaluateOnUnscoredDataAnalyzer.ModelProperty, out var model) || model is null
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { } invocation
                || invocation.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "data") is not { } data)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Evaluate {model}.Transform({data.Expression})",
                    ct => WrapAsync(context.Document, data, model, ct),
                    equivalenceKey: DiagnosticIds.EvaluateOnUnscoredData),
                diagnostic);
        }
    }

    private static async Task<Document> WrapAsync(Document document, ArgumentSyntax data, string model, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var wrapped = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(model), IdentifierName("Transform")),
            ArgumentList(SingletonSeparatedList(Argument(data.Expression.WithoutTrivia()))));
        return document.WithSyntaxRoot(root!.ReplaceNode(data.Expression, wrapped.WithTriviaFrom(data.Expression)));
    }
}
