using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// Fields that hold one value for the life of their object although they are not <c>readonly</c>: private, given a
/// value (not just <c>null!</c>) in a field initializer or constructor, and assigned nowhere else in their type.
/// Outside those, every read of such a field (through <c>this</c>, or of a static one) sees the same rows, as a
/// <c>readonly</c> field's do.
/// </summary>
/// <remarks>
/// Decided from the syntax of the type's declarations, by name: any assignment, <c>++</c>/<c>--</c>, <c>ref</c> or
/// <c>out</c> use of an identifier with the field's name outside a constructor makes the field unstable. A name
/// shared with a local is thereby also unstable: fewer answers, never a wrong one.
/// </remarks>
internal static class StableFields
{
    private static readonly ConditionalWeakTable<IFieldSymbol, object> Cache = new();
    private static readonly object Stable = new();
    private static readonly object Unstable = new();

    /// <summary>True when <paramref name="field"/> is <c>readonly</c>, or holds one value at <paramref name="read"/> and at every other read outside constructors.</summary>
    public static bool IsStable(IFieldSymbol field, SyntaxNode read)
        => field.IsReadOnly || (!IsInConstructionCode(read) && ReferenceEquals(Cache.GetValue(field, f => Compute(f) ? Stable : Unstable), Stable));

    private static bool Compute(IFieldSymbol field)
    {
        if (field.DeclaredAccessibility != Accessibility.Private || field.IsConst || field.IsImplicitlyDeclared)
        {
            return false;
        }

        // A field whose only value is `null!` is set some other way (a framework, reflection): not known.
        var hasValue = HasInitialValue(field);
        foreach (var name in WritesByName(field))
        {
            if (!IsInConstructionCode(name))
            {
                return false;
            }

            hasValue = true;
        }

        return hasValue;
    }

    /// <summary>Whether a declarator of the field gives it a value (not just <c>null!</c> or <c>default</c>).</summary>
    internal static bool HasInitialValue(IFieldSymbol field)
        => field.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value } && !IsNullish(value));

    /// <summary>
    /// The identifiers that write the field's name anywhere in its type's declarations (assignments, <c>++</c>/<c>--</c>,
    /// <c>ref</c>/<c>out</c>, deconstruction), by name: a written local of the same name counts too.
    /// </summary>
    internal static IEnumerable<IdentifierNameSyntax> WritesByName(IFieldSymbol field)
        => field.ContainingType.DeclaringSyntaxReferences
            .SelectMany(r => r.GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>())
            .Where(name => name.Identifier.ValueText == field.Name && IsWritten(name));

    private static bool IsNullish(ExpressionSyntax value)
    {
        while (value is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
        {
            value = suppressed.Operand;
        }

        return value is DefaultExpressionSyntax || value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression);
    }

    private static bool IsWritten(IdentifierNameSyntax name)
    {
        SyntaxNode node = name;
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
        {
            node = access;
        }

        return node.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == node,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
            ArgumentSyntax { Parent: TupleExpressionSyntax } => true, // a deconstruction target, or conservatively so
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
            RefExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>Constructors and field initializers run while the fields are still being given their values.</summary>
    private static bool IsInConstructionCode(SyntaxNode node)
        => node.AncestorsAndSelf().Any(a => a is ConstructorDeclarationSyntax or FieldDeclarationSyntax or PropertyDeclarationSyntax { Initializer: not null });
}
