using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlCodeGuard.CodeFixes;

/// <summary>Finding the syntax a diagnostic points at.</summary>
internal static class Syntax
{
    /// <summary>The invocation whose method-name token is at <paramref name="span"/> (where MlCodeGuard reports calls).</summary>
    public static InvocationExpressionSyntax? InvocationAt(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        if (root.FindToken(span.Start).Parent is not SimpleNameSyntax name)
        {
            return null;
        }

        SyntaxNode callee = name.Parent switch
        {
            MemberAccessExpressionSyntax member when member.Name == name => member,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };

        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
    }
}
