using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// Inserting a step right before a trainer of a fluent chain: <c>X.Append(trainer)</c> becomes
/// <c>X.Step(...).Append(trainer)</c>. Only that shape is recognised (MLG4005, MLG4006).
/// </summary>
internal static class ChainInsertion
{
    /// <summary>The <c>X.Append</c> member access whose only argument is <paramref name="step"/>, or null.</summary>
    public static MemberAccessExpressionSyntax? AppendOf(InvocationExpressionSyntax step)
        => step.Parent is ArgumentSyntax { NameColon: null, RefKindKeyword.RawKind: 0 } argument
           && argument.Parent is ArgumentListSyntax { Arguments.Count: 1 } list
           && list.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Append" } member }
            ? member
            : null;

    /// <summary><c>X.Append</c> becomes <c>X.<paramref name="method"/>(<paramref name="argument"/>).Append</c>.</summary>
    public static MemberAccessExpressionSyntax Insert(MemberAccessExpressionSyntax append, string method, ExpressionSyntax argument)
    {
        var receiver = append.Expression;
        var inserted = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrailingTrivia(), IdentifierName(method)),
            ArgumentList(SingletonSeparatedList(Argument(argument))));
        return append.WithExpression(inserted.WithTrailingTrivia(receiver.GetTrailingTrivia()));
    }
}
