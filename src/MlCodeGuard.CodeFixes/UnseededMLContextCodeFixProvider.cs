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
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG1001: <c>new MLContext()</c> becomes <c>new MLContext(seed: 0)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededMLContextCodeFixProvider)), Shared]
public sealed class UnseededMLContextCodeFixProvider : CodeFixProvider
{
    private const string Title = "Seed the MLContext (seed: 0)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnseededMLContext);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => SeedAsync(context.Document, creation, ct), equivalenceKey: DiagnosticIds.UnseededMLContext),
                diagnostic);
        }
    }

    private static async Task<Document> SeedAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var seeded = creation.WithArgumentList(SeedFix.SeedArgumentList(creation.ArgumentList));
        if (creation is ObjectCreationExpressionSyntax { ArgumentList: null } withoutParens)
        {
            // `new MLContext { ... }`: the argument list goes right after the type, before the initializer's trivia.
            seeded = withoutParens
                .WithType(withoutParens.Type.WithoutTrailingTrivia())
                .WithArgumentList(SeedFix.SeedArgumentList(null).WithTrailingTrivia(withoutParens.Type.GetTrailingTrivia()));
        }

        return document.WithSyntaxRoot(root!.ReplaceNode(creation, seeded));
    }
}

/// <summary>Shared syntax for the seed fixes.</summary>
internal static class SeedFix
{
    /// <summary>The argument list with any <c>seed</c> argument (named or the single positional one) replaced by <c>seed: 0</c>.</summary>
    public static ArgumentListSyntax SeedArgumentList(ArgumentListSyntax? arguments)
    {
        var seed = Argument(NameColon(IdentifierName("seed")), default, LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)));
        if (arguments is null || arguments.Arguments.Count == 0)
        {
            return ArgumentList(SingletonSeparatedList(seed)).WithTriviaFrom(arguments ?? ArgumentList());
        }

        // MLContext has a single constructor parameter, so any argument is the seed.
        return arguments.WithArguments(SingletonSeparatedList(seed.WithTriviaFrom(arguments.Arguments.First())));
    }
}
