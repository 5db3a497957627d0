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

/// <summary>MLG4004: pass the schema of the data the model was fitted on (<c>Save(model, trainData.Schema, path)</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelSavedWithoutInputSchemaCodeFixProvider)), Shared]
public sealed class ModelSavedWithoutInputSchemaCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ModelSavedWithoutInputSchema);

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
            if (!diagnostic.Properties.TryGetValue(ModelSavedWithoutInputSchemaAnalyzer.SchemaProperty, out var schema) || schema is null
                || diagnostic.AdditionalLocations.FirstOrDefault() is not { } argumentLocation
                || argumentLocation.SourceTree != root.SyntaxTree
                || root.FindNode(argumentLocation.SourceSpan) is not ArgumentSyntax { Expression: var argument })
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Save with '{schema}'",
                    ct => ReplaceAsync(context.Document, argument, schema, ct),
                    equivalenceKey: DiagnosticIds.ModelSavedWithoutInputSchema),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax argument, string schema, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = SyntaxFactory.ParseExpression(schema).WithTriviaFrom(argument);
        return document.WithSyntaxRoot(root!.ReplaceNode(argument, replacement));
    }
}
