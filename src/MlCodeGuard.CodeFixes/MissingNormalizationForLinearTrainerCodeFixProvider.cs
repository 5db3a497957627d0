using System.Collections.Immutable;
using System.Composition;
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
/// MLG4006: <c>X.Append(trainer)</c> becomes <c>X.Append(ml.Transforms.NormalizeMinMax("Features")).Append(trainer)</c>,
/// inside the chain, so the normalizer is fitted with the trainer on the training rows only (no MLG2002).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingNormalizationForLinearTrainerCodeFixProvider)), Shared]
public sealed class MissingNormalizationForLinearTrainerCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingNormalizationForLinearTrainer);

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
            if (!diagnostic.Properties.TryGetValue(MissingNormalizationForLinearTrainerAnalyzer.ContextProperty, out var ml) || ml is null
                || !diagnostic.Properties.TryGetValue(MissingNormalizationForLinearTrainerAnalyzer.FeatureProperty, out var features) || features is null
                || Syntax.InvocationAt(root, diagnostic.Location.SourceSpan) is not { } trainer
                || ChainInsertion.AppendOf(trainer) is not { } append)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Insert NormalizeMinMax(\"{features}\") before the trainer",
                    ct => InsertAsync(context.Document, append, ml, features, ct),
                    equivalenceKey: DiagnosticIds.MissingNormalizationForLinearTrainer),
                diagnostic);
        }
    }

    private static async Task<Document> InsertAsync(Document document, MemberAccessExpressionSyntax append, string ml, string features, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var normalizer = SyntaxFactory.ParseExpression($"{ml}.Transforms.NormalizeMinMax({SymbolDisplay.FormatLiteral(features, quote: true)})");
        var replacement = ChainInsertion.Insert(append, "Append", normalizer);
        return document.WithSyntaxRoot(root!.ReplaceNode(append, replacement));
    }
}
