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
/// MLG3007: give the output-class member the type of the column it binds (<c>float</c> → <c>float[]</c> for a
/// multiclass Score, <c>float</c> → <c>bool</c> for a binary PredictedLabel). Only offered for a type mismatch: a
/// member whose column is missing has no type to take.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OutputClassBindingMismatchCodeFixProvider)), Shared]
public sealed class OutputClassBindingMismatchCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.OutputClassBindingMismatch);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(OutputClassBindingMismatchAnalyzer.MemberTypeProperty, out var typeName) || typeName is null
                || diagnostic.AdditionalLocations.FirstOrDefault() is not { SourceTree: { } tree } memberLocation
                || context.Document.Project.Solution.GetDocument(tree) is not { } memberDocument)
            {
                continue;
            }

            var root = await memberDocument.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || MemberAt(root, memberLocation) is not { } member)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Change the type of '{member.Name}' to {typeName}",
                    ct => ChangeTypeAsync(memberDocument, memberLocation, typeName, ct),
                    equivalenceKey: DiagnosticIds.OutputClassBindingMismatch),
                diagnostic);
        }
    }

    /// <summary>A property, or a field declared alone, whose name is at <paramref name="location"/>.</summary>
    private static (string Name, MemberDeclarationSyntax Declaration)? MemberAt(SyntaxNode root, Location location)
        => root.FindToken(location.SourceSpan.Start).Parent switch
        {
            PropertyDeclarationSyntax property => (property.Identifier.ValueText, property),
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } variable
                => (variable.Identifier.ValueText, field),
            _ => null,
        };

    private static async Task<Solution> ChangeTypeAsync(Document document, Location location, string typeName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || MemberAt(root, location) is not { } found)
        {
            return document.Project.Solution;
        }

        var type = ParseTypeName(typeName).WithAdditionalAnnotations(Simplifier.Annotation);
        MemberDeclarationSyntax updated;
        switch (found.Declaration)
        {
            case PropertyDeclarationSyntax property:
                var newProperty = property.WithType(type.WithTriviaFrom(property.Type));
                if (property.Initializer is { } initializer)
                {
                    // The old initial value has the old type; ML.NET overwrites the member anyway.
                    newProperty = Initial(typeName) is { } value
                        ? newProperty.WithInitializer(initializer.WithValue(value.WithTriviaFrom(initializer.Value)))
                        : newProperty.WithInitializer(null).WithSemicolonToken(default).WithAccessorList(property.AccessorList!.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia));
                }

                updated = newProperty;
                break;
            case FieldDeclarationSyntax field:
                var declaration = field.Declaration;
                var variable = declaration.Variables[0];
                if (variable.Initializer is { } fieldInitializer)
                {
                    variable = Initial(typeName) is { } value
                        ? variable.WithInitializer(fieldInitializer.WithValue(value.WithTriviaFrom(fieldInitializer.Value)))
                        : variable.WithInitializer(null).WithIdentifier(variable.Identifier.WithTrailingTrivia());
                }

                updated = field.WithDeclaration(declaration.WithType(type.WithTriviaFrom(declaration.Type)).WithVariables(SingletonSeparatedList(variable)));
                break;
            default:
                return document.Project.Solution;
        }

        var changed = document.WithSyntaxRoot(root.ReplaceNode(found.Declaration, updated));
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return changed.Project.Solution;
    }

    /// <summary>A non-null initial value for reference types (arrays, string), so nullable code stays warning-free.</summary>
    private static ExpressionSyntax? Initial(string typeName)
    {
        if (typeName == "string")
        {
            return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(string.Empty));
        }

        return typeName.EndsWith("[]", System.StringComparison.Ordinal)
            ? ParseExpression($"System.Array.Empty<{typeName.Substring(0, typeName.Length - 2)}>()").WithAdditionalAnnotations(Simplifier.Annotation)
            : null;
    }
}
