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

/// <summary>MLG3006: declare the size the member's <c>[LoadColumn(a, b)]</c> range implies, <c>[VectorType(b - a + 1)]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VariableLengthVectorFeatureCodeFixProvider)), Shared]
public sealed class VariableLengthVectorFeatureCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.VariableLengthVectorFeature);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // Without a [LoadColumn(a, b)] range the size is not known: no fix rather than a guessed size.
            if (!diagnostic.Properties.TryGetValue(VariableLengthVectorFeatureAnalyzer.SizeProperty, out var text) || !int.TryParse(text, out var size)
                || diagnostic.AdditionalLocations.FirstOrDefault() is not { SourceTree: { } tree } memberLocation
                || context.Document.Project.Solution.GetDocument(tree) is not { } memberDocument)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [VectorType({size})]",
                    ct => AddAsync(memberDocument, memberLocation, size, ct),
                    equivalenceKey: DiagnosticIds.VariableLengthVectorFeature),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> AddAsync(Document document, Location location, int size, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var token = root!.FindToken(location.SourceSpan.Start);
        MemberDeclarationSyntax? member = token.Parent switch
        {
            PropertyDeclarationSyntax property => property,
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } => field,
            _ => null,
        };
        if (member is null || member.AttributeLists.Count == 0)
        {
            return document.Project.Solution;
        }

        // Join the member's first attribute list: [LoadColumn(1, 3)] becomes [LoadColumn(1, 3), VectorType(3)].
        var attribute = Attribute(
            ParseName("Microsoft.ML.Data.VectorType").WithAdditionalAnnotations(Simplifier.Annotation),
            AttributeArgumentList(SingletonSeparatedList(AttributeArgument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(size))))));
        var first = member.AttributeLists[0];
        var updated = member.ReplaceNode(first, first.AddAttributes(attribute));
        var changed = document.WithSyntaxRoot(root.ReplaceNode(member, updated));
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return changed.Project.Solution;
    }
}
