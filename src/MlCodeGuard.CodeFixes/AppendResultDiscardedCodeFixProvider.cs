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
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>MLG3012: keep the new chain, <c>chain = chain.Append(step);</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AppendResultDiscardedCodeFixProvider)), Shared]
public sealed class AppendResultDiscardedCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AppendResultDiscarded);

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
            if (invocation is not { Parent: ExpressionStatementSyntax statement, Expression: MemberAccessExpressionSyntax member }
                || !IsAssignableReceiver(member.Expression, model, context.CancellationToken, out var receiverType)
                || model.GetTypeInfo(invocation, context.CancellationToken).Type is not { } resultType
                || !model.Compilation.ClassifyCommonConversion(resultType, receiverType).IsImplicit)
            {
                continue;
            }

            var target = member.Expression.ToString();
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Keep the new chain: {target} = {target}.{member.Name.Identifier.Text}(...)",
                    ct => AssignAsync(context.Document, statement, invocation, member.Expression, ct),
                    equivalenceKey: DiagnosticIds.AppendResultDiscarded),
                diagnostic);
        }
    }

    /// <summary>A local, parameter, field or settable property the new chain can be stored back into.</summary>
    private static bool IsAssignableReceiver(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken, out ITypeSymbol type)
    {
        type = null!;
        if (receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
        {
            return false;
        }

        switch (model.GetSymbolInfo(receiver, cancellationToken).Symbol)
        {
            case ILocalSymbol { IsConst: false, IsUsing: false, RefKind: RefKind.None } local:
                type = local.Type;
                return true;
            case IParameterSymbol { RefKind: RefKind.None or RefKind.Ref or RefKind.Out } parameter:
                type = parameter.Type;
                return true;
            case IFieldSymbol { IsReadOnly: false, IsConst: false } field:
                type = field.Type;
                return true;
            case IPropertySymbol { SetMethod: not null } property:
                type = property.Type;
                return true;
            default:
                return false;
        }
    }

    private static async Task<Document> AssignAsync(Document document, ExpressionStatementSyntax statement, InvocationExpressionSyntax invocation, ExpressionSyntax receiver, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var assignment = AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            receiver.WithoutTrivia(),
            Token(TriviaList(Space), SyntaxKind.EqualsToken, TriviaList(Space)),
            invocation.WithoutLeadingTrivia());
        var updated = statement.WithExpression(assignment.WithLeadingTrivia(invocation.GetLeadingTrivia()));
        return document.WithSyntaxRoot(root!.ReplaceNode(statement, updated));
    }
}
