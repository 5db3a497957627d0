using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG1003: set <c>NumberOfThreads = 1</c> (and <c>Deterministic = true</c> for LightGBM). An options object written in
/// place gets the members; a simple overload is rewritten to the options overload when every argument maps to an option.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NondeterministicTrainerUnderSeedCodeFixProvider)), Shared]
public sealed class NondeterministicTrainerUnderSeedCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NondeterministicTrainerUnderSeed);

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
            if (invocation is null || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
            {
                continue;
            }

            var lightGbm = TrainerThreading.IsLightGbm(operation.TargetMethod);
            var settings = lightGbm
                ? new[] { ("Deterministic", "true"), ("NumberOfThreads", "1") }
                : new[] { ("NumberOfThreads", "1") };
            var title = lightGbm ? "Set Deterministic = true and NumberOfThreads = 1" : "Set NumberOfThreads = 1";

            SyntaxNode? target;
            SyntaxNode? replacement;
            if (TrainerThreading.OptionsParameter(operation.TargetMethod) is { } optionsParameter)
            {
                target = OptionsCreation(operation, optionsParameter);
                replacement = target is null ? null : WithSettings((BaseObjectCreationExpressionSyntax)target, settings);
            }
            else
            {
                target = invocation.ArgumentList;
                replacement = ToOptionsOverload(operation, model, invocation, settings);
            }

            if (target is null || replacement is null)
            {
                continue; // A shape we do not recognise: no fix rather than a wrong one.
            }

            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, target, replacement, ct), equivalenceKey: DiagnosticIds.NondeterministicTrainerUnderSeed),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode target, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(target, replacement));
    }

    /// <summary>The options object written in the argument, or in the one initializer of a local that nothing else assigns.</summary>
    private static SyntaxNode? OptionsCreation(IInvocationOperation operation, IParameterSymbol optionsParameter)
    {
        var value = MlCall.Unwrap(operation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, optionsParameter))?.Value);
        if (value is ILocalReferenceOperation local)
        {
            if (HasMemberAssignments(local))
            {
                return null;
            }

            value = MlCall.Unwrap(LocalFlow.SingleAssignedValue(local));
        }

        return value is IObjectCreationOperation creation ? creation.Syntax as BaseObjectCreationExpressionSyntax : null;
    }

    private static bool HasMemberAssignments(ILocalReferenceOperation local)
        => LocalFlow.Root(local).Descendants().OfType<ISimpleAssignmentOperation>().Any(a =>
            a.Target is IFieldReferenceOperation { Instance: ILocalReferenceOperation l1 } && SymbolEqualityComparer.Default.Equals(l1.Local, local.Local)
            || a.Target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation l2 } && SymbolEqualityComparer.Default.Equals(l2.Local, local.Local));

    private static BaseObjectCreationExpressionSyntax WithSettings(BaseObjectCreationExpressionSyntax creation, (string Name, string Value)[] settings)
    {
        var initializer = creation.Initializer;
        if (initializer is null || initializer.Expressions.Count == 0)
        {
            var text = " { " + string.Join(", ", settings.Select(s => s.Name + " = " + s.Value)) + " }";
            var parsed = ((ObjectCreationExpressionSyntax)ParseExpression("new T()" + text)).Initializer!.WithLeadingTrivia(Space);
            if (creation is ObjectCreationExpressionSyntax { ArgumentList: null } bare)
            {
                // `new Options { }` keeps its shape; the type's trailing space becomes the initializer's leading one.
                return bare.WithType(bare.Type.WithoutTrailingTrivia()).WithInitializer(parsed.WithTrailingTrivia(initializer?.GetTrailingTrivia() ?? default));
            }

            return creation.WithoutTrailingTrivia().WithInitializer(parsed.WithTrailingTrivia(creation.GetTrailingTrivia()));
        }

        var expressions = initializer.Expressions;
        foreach (var (name, value) in settings)
        {
            var existing = expressions.OfType<AssignmentExpressionSyntax>().FirstOrDefault(a => a.Left is IdentifierNameSyntax id && id.Identifier.ValueText == name);
            var literal = ParseExpression(value);
            if (existing is not null)
            {
                expressions = expressions.Replace(existing, existing.WithRight(literal.WithTriviaFrom(existing.Right)));
            }
            else
            {
                expressions = Append(expressions, AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(name), literal)
                    .NormalizeWhitespace());
            }
        }

        return creation.WithInitializer(initializer.WithExpressions(expressions));
    }

    /// <summary>Appends an element in the style of the list: same indentation, same separator trivia, trailing comma kept.</summary>
    private static SeparatedSyntaxList<ExpressionSyntax> Append(SeparatedSyntaxList<ExpressionSyntax> list, ExpressionSyntax element)
    {
        var items = list.GetWithSeparators().ToList();
        var last = list[list.Count - 1];
        var trailingSeparator = list.SeparatorCount == list.Count;
        var separatorTemplate = list.SeparatorCount > 0 ? list.GetSeparator(list.SeparatorCount - 1) : Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space);
        element = element.WithLeadingTrivia(last.GetLeadingTrivia());
        if (trailingSeparator)
        {
            items.Add(element.WithTrailingTrivia(last.GetTrailingTrivia()));
            items.Add(separatorTemplate);
        }
        else
        {
            items[items.Count - 1] = last.WithoutTrailingTrivia();
            items.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(separatorTemplate.TrailingTrivia));
            items.Add(element.WithTrailingTrivia(last.GetTrailingTrivia()));
        }

        return SeparatedList<ExpressionSyntax>(NodeOrTokenList(items));
    }

    /// <summary>
    /// Rewrites <c>Trainers.FastTree(labelColumnName: "y", numberOfTrees: 50)</c> as
    /// <c>Trainers.FastTree(new FastTreeRegressionTrainer.Options { LabelColumnName = "y", NumberOfTrees = 50, NumberOfThreads = 1 })</c>.
    /// Returns null unless every argument has an option of the same name that accepts its value.
    /// </summary>
    private static ArgumentListSyntax? ToOptionsOverload(IInvocationOperation operation, SemanticModel model, InvocationExpressionSyntax invocation, (string Name, string Value)[] settings)
    {
        var method = operation.TargetMethod;
        var optionsOverload = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().FirstOrDefault(m =>
            m.Parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, method.Parameters[0].Type)
            && TrainerThreading.OptionsParameter(m) is not null);
        if (optionsOverload?.Parameters[1].Type is not INamedTypeSymbol optionsType)
        {
            return null;
        }

        var assignments = new List<string>();
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter is null || argument.Parameter.Ordinal == 0 || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax syntax)
            {
                return null;
            }

            var name = char.ToUpperInvariant(argument.Parameter.Name[0]) + argument.Parameter.Name.Substring(1);
            var memberType = SettableMemberType(optionsType, name);
            var valueType = MlCall.Unwrap(argument.Value)?.Type ?? argument.Value.Type;
            if (memberType is null || settings.Any(s => s.Name == name)
                || (valueType is not null && !model.Compilation.ClassifyConversion(valueType, memberType).IsImplicit))
            {
                return null;
            }

            assignments.Add(name + " = " + syntax.Expression.ToString());
        }

        assignments.AddRange(settings.Select(s => s.Name + " = " + s.Value));
        var typeName = optionsType.ToMinimalDisplayString(model, invocation.SpanStart);
        var creation = ParseExpression("new " + typeName + " { " + string.Join(", ", assignments) + " }");
        return invocation.ArgumentList.WithArguments(SingletonSeparatedList(Argument(creation)));
    }

    private static ITypeSymbol? SettableMemberType(INamedTypeSymbol type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                switch (member)
                {
                    case IFieldSymbol { IsReadOnly: false, IsConst: false, DeclaredAccessibility: Accessibility.Public } field:
                        return field.Type;
                    case IPropertySymbol { SetMethod.DeclaredAccessibility: Accessibility.Public } property:
                        return property.Type;
                }
            }
        }

        return null;
    }
}
