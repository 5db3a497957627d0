using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics;

internal enum SeedState
{
    Seeded,
    Unseeded,
    Unknown,
}

/// <summary>Whether an MLContext value is seeded, and a short reason fit for a diagnostic message.</summary>
internal readonly struct SeedVerdict
{
    public SeedVerdict(SeedState state, string reason)
    {
        State = state;
        Reason = reason;
    }

    public SeedState State { get; }

    public string Reason { get; }

    public static SeedVerdict Seeded { get; } = new(SeedState.Seeded, "seeded");

    public static SeedVerdict Unknown(string why) => new(SeedState.Unknown, "not known to be seeded (" + why + ")");

    /// <summary>Seeded only when every source is seeded; otherwise the first unseeded source, else the first unknown.</summary>
    public static SeedVerdict Combine(IEnumerable<SeedVerdict> verdicts, string whenEmpty)
    {
        SeedVerdict? unseeded = null, unknown = null;
        var any = false;
        foreach (var verdict in verdicts)
        {
            any = true;
            if (verdict.State == SeedState.Unseeded)
            {
                unseeded ??= verdict;
            }
            else if (verdict.State == SeedState.Unknown)
            {
                unknown ??= verdict;
            }
        }

        if (!any)
        {
            return Unknown(whenEmpty);
        }

        return unseeded ?? unknown ?? Seeded;
    }
}

/// <summary>
/// Tracks MLContext values through locals, fields, properties and parameters to tell seeded from unseeded from
/// unknown. Unknown is an honest answer: rules that need "seeded" stay quiet on it, rules that need "unseeded" say so.
/// </summary>
internal sealed class SeedFlow
{
    private const int MaxDepth = 8;
    private readonly MlTypes _types;
    private readonly MemberAssignments _members;

    public SeedFlow(MlTypes types, MemberAssignments members)
    {
        _types = types;
        _members = members;
    }

    public SeedVerdict Classify(IOperation contextExpression) => Classify(contextExpression, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);

    /// <summary>Seeded, unseeded or unknown for a <c>new MLContext(...)</c> creation.</summary>
    public static SeedVerdict ClassifyCreation(IObjectCreationOperation creation)
    {
        var seed = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "seed");
        if (seed is null || seed.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return Unseeded(creation.Syntax);
        }

        var value = MlCall.Unwrap(seed.Value)!;
        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value is null ? Unseeded(creation.Syntax) : SeedVerdict.Seeded;
        }

        if (value is IDefaultValueOperation)
        {
            return value.Type?.SpecialType == SpecialType.System_Int32 ? SeedVerdict.Seeded : Unseeded(creation.Syntax);
        }

        return value.Type?.SpecialType == SpecialType.System_Int32
            ? SeedVerdict.Seeded
            : SeedVerdict.Unknown("its seed is a nullable value");
    }

    /// <summary>True for <c>new MLContext()</c>, <c>new MLContext(null)</c> and <c>new MLContext(seed: null)</c>.</summary>
    public static bool IsUnseededCreation(IObjectCreationOperation creation) => ClassifyCreation(creation).State == SeedState.Unseeded;

    private static SeedVerdict Unseeded(SyntaxNode creation)
        => new(SeedState.Unseeded, "unseeded ('" + Shorten(creation.ToString()) + "' on line " + Line(creation) + ")");

    private SeedVerdict Classify(IOperation? operation, HashSet<ISymbol> visiting, int depth)
    {
        operation = MlCall.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return SeedVerdict.Unknown("it is computed too far away");
        }

        switch (operation)
        {
            case IObjectCreationOperation creation when _types.IsMLContext(creation.Type):
                return ClassifyCreation(creation);

            case ILocalReferenceOperation local:
                {
                    if (!visiting.Add(local.Local))
                    {
                        return SeedVerdict.Unknown("'" + local.Local.Name + "' depends on itself");
                    }

                    var values = LocalFlow.AssignedValues(local.Local, local);
                    var verdict = SeedVerdict.Combine(
                        values.Select(v => v is null
                            ? SeedVerdict.Unknown("'" + local.Local.Name + "' is assigned where its value cannot be seen")
                            : Classify(v, visiting, depth + 1)).ToList(),
                        "'" + local.Local.Name + "' has no visible assignment");
                    visiting.Remove(local.Local);
                    return verdict;
                }

            case IParameterReferenceOperation parameter:
                return SeedVerdict.Unknown("'" + parameter.Parameter.Name + "' is a parameter");

            case IFieldReferenceOperation field:
                return ClassifyMember(field.Field, visiting, depth);

            case IPropertyReferenceOperation property:
                return ClassifyMember(property.Property, visiting, depth);

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return SeedVerdict.Combine(
                    new[] { Classify(conditional.WhenTrue, visiting, depth + 1), Classify(conditional.WhenFalse, visiting, depth + 1) },
                    "a conditional");

            case ICoalesceOperation coalesce:
                return SeedVerdict.Combine(
                    new[] { Classify(coalesce.Value, visiting, depth + 1), Classify(coalesce.WhenNull, visiting, depth + 1) },
                    "a coalesce");

            case IInvocationOperation invocation:
                return SeedVerdict.Unknown("it comes from '" + invocation.TargetMethod.Name + "()'");

            default:
                return SeedVerdict.Unknown("its seed cannot be seen at compile time");
        }
    }

    private SeedVerdict ClassifyMember(ISymbol member, HashSet<ISymbol> visiting, int depth)
    {
        if (_members.Declares(member))
        {
            if (CanBeAssignedOutsideType(member))
            {
                return SeedVerdict.Unknown("'" + member.Name + "' can be set outside this type");
            }

            if (!visiting.Add(member.OriginalDefinition))
            {
                return SeedVerdict.Unknown("'" + member.Name + "' depends on itself");
            }

            var verdict = SeedVerdict.Combine(
                _members.ValuesOf(member).Select(v => Classify(v, visiting, depth + 1)).ToList(),
                "'" + member.Name + "' is never assigned in this type");
            visiting.Remove(member.OriginalDefinition);
            return verdict;
        }

        // A member of another type: its initializer is the only assignment we can trust, and only when nothing can
        // assign it later (readonly field, get-only auto-property). Read from syntax: no semantic model of other trees.
        if (member is IFieldSymbol { IsReadOnly: true } || member is IPropertySymbol { SetMethod: null } && IsAutoProperty(member))
        {
            var initializer = InitializerSyntax(member);
            if (initializer is not null)
            {
                return ClassifyCreationSyntax(initializer) ?? SeedVerdict.Unknown("'" + member.Name + "' is initialized in another type");
            }
        }

        return SeedVerdict.Unknown("'" + member.Name + "' is set in another type");
    }

    private static bool CanBeAssignedOutsideType(ISymbol member)
    {
        switch (member)
        {
            case IFieldSymbol field:
                return !field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private;
            case IPropertySymbol property:
                if (!IsAutoProperty(property))
                {
                    return true;
                }

                if (property.DeclaredAccessibility == Accessibility.Private || property.SetMethod is null)
                {
                    return false;
                }

                return property.SetMethod.DeclaredAccessibility != Accessibility.Private;
            default:
                return true;
        }
    }

    private static bool IsAutoProperty(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }
                && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null))
            {
                return true;
            }
        }

        return false;
    }

    private static ExpressionSyntax? InitializerSyntax(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax())
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    return initializer.Value;
                case PropertyDeclarationSyntax { Initializer: { } initializer }:
                    return initializer.Value;
            }
        }

        return null;
    }

    /// <summary>Reads <c>new MLContext(...)</c> / <c>new(...)</c> from syntax; null when it is something else.</summary>
    private static SeedVerdict? ClassifyCreationSyntax(ExpressionSyntax expression)
    {
        ArgumentListSyntax? arguments;
        switch (expression)
        {
            case ObjectCreationExpressionSyntax creation when TypeName(creation.Type) == "MLContext":
                arguments = creation.ArgumentList;
                break;
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                arguments = implicitCreation.ArgumentList;
                break;
            default:
                return null;
        }

        var seed = arguments?.Arguments.FirstOrDefault(a => a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "seed");
        if (seed is null || seed.Expression.IsKind(SyntaxKind.NullLiteralExpression) || seed.Expression.IsKind(SyntaxKind.DefaultLiteralExpression))
        {
            return Unseeded(expression);
        }

        return seed.Expression.IsKind(SyntaxKind.NumericLiteralExpression) ? SeedVerdict.Seeded : null;
    }

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    internal static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    internal static string Shorten(string text)
    {
        text = string.Join(" ", text.Split(new[] { ' ', '\r', '\n', '\t' }, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
