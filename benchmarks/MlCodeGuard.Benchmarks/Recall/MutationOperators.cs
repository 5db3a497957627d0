using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MlCodeGuard.Benchmarks.Recall;

/// <summary>One planted defect: the text changes that make it, the rule whose definition it meets, and where.</summary>
internal sealed record Mutant(string Operator, string ExpectedRule, int Line, ImmutableArray<TextChange> Changes, string Description);

/// <summary>
/// Mutation operators that plant, in working ML.NET code, the defects the catalog defines: each one rewrites one site
/// of one file so that the code still compiles and now has exactly the defect named by <see cref="Mutant.ExpectedRule"/>
/// (when the rule's own conditions hold there, which a person checks for every miss). Every change keeps the file's
/// line count, so diagnostics elsewhere keep their lines and can be compared with the unmutated run.
/// </summary>
internal static class MutationOperators
{
    /// <summary>The operators, in the order they are reported.</summary>
    public static readonly ImmutableArray<(string Name, string Rule, string What)> All =
    [
        ("ContextSeedDropped", "MLG1001", "new MLContext(seed: n) becomes new MLContext()"),
        ("SplitSeedDropped", "MLG1002", "a split or shuffle loses its seed: argument, and the file's contexts their seed"),
        ("EvaluatedOnTrainingRows", "MLG2001", "the data scored for Evaluate becomes the data the model was fitted on"),
        ("LabelConcatenatedIntoFeatures", "MLG2005", "the label column joins the Concatenate that makes Features"),
        ("InputColumnMisspelled", "MLG3001", "a column name read by a step gets a typo (last two letters swapped)"),
        ("LabelTypeFlipped", "MLG3002", "an input class's label member: bool becomes float, float becomes bool"),
        ("FeatureMemberWidened", "MLG3003", "an input member that is concatenated: float becomes double"),
        ("OutputMemberRetyped", "MLG3007", "an output class's Score or Probability becomes double, PredictedLabel bool becomes float"),
        ("LoadColumnRemoved", "MLG3009", "a member of a text-loaded class loses its [LoadColumn]"),
        ("AppendResultDropped", "MLG3012", "p = p.Append(x); becomes p.Append(x);"),
    ];

    private static readonly string[] SplitMethods = ["TrainTestSplit", "CrossValidationSplit", "CrossValidate", "ShuffleRows", "BootstrapSample"];

    private static readonly string[] ReadColumnParameters =
    [
        "inputColumnName", "inputColumnNames", "labelColumnName", "featureColumnName", "exampleWeightColumnName",
        "samplingKeyColumnName", "rowGroupColumnName", "matrixColumnIndexColumnName", "matrixRowIndexColumnName",
    ];

    public static IEnumerable<Mutant> Find(SemanticModel model, UnitFacts facts)
    {
        SyntaxNode root = model.SyntaxTree.GetRoot();
        SourceText text = model.SyntaxTree.GetText();
        return ContextSeedDropped(model, root, text)
            .Concat(SplitSeedDropped(model, root, text))
            .Concat(EvaluatedOnTrainingRows(model, root, text))
            .Concat(LabelConcatenatedIntoFeatures(model, root, text))
            .Concat(InputColumnMisspelled(model, root, text, facts))
            .Concat(MemberRetyped(model, root, text, facts))
            .Concat(LoadColumnRemoved(model, root, text, facts))
            .Concat(AppendResultDropped(root, text));
    }

    private static IEnumerable<Mutant> ContextSeedDropped(SemanticModel model, SyntaxNode root, SourceText text)
    {
        foreach (BaseObjectCreationExpressionSyntax creation in SeededContexts(model, root))
        {
            yield return new Mutant("ContextSeedDropped", "MLG1001", Line(text, creation), [Replace(text, creation.ArgumentList!.Span, "()")], creation.ToString());
        }
    }

    private static IEnumerable<Mutant> SplitSeedDropped(SemanticModel model, SyntaxNode root, SourceText text)
    {
        ImmutableArray<TextChange> unseedContexts = [.. SeededContexts(model, root).Select(c => Replace(text, c.ArgumentList!.Span, "()"))];
        foreach (IInvocationOperation split in Operations.Invocations(model, root))
        {
            if (!Operations.IsMl(split.TargetMethod) || !SplitMethods.Contains(split.TargetMethod.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var changes = unseedContexts.ToBuilder();
            if (Operations.Argument(split, "seed") is { Syntax: ArgumentSyntax seed } && seed.Parent is ArgumentListSyntax list)
            {
                changes.Add(RemoveArgument(text, list, seed));
            }

            if (changes.Count > 0)
            {
                yield return new Mutant("SplitSeedDropped", "MLG1002", Line(text, split.Syntax), changes.ToImmutable(), split.Syntax.ToString());
            }
        }
    }

    private static IEnumerable<Mutant> EvaluatedOnTrainingRows(SemanticModel model, SyntaxNode root, SourceText text)
    {
        foreach (IInvocationOperation transform in Operations.Invocations(model, root))
        {
            if (transform.TargetMethod.Name != "Transform"
                || !Operations.IsMl(transform.TargetMethod)
                || transform.Arguments.Length != 1
                || transform.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } syntax
                || syntax.ArgumentList.Arguments.Count != 1
                || Operations.EnclosingBody(syntax) is not { } body
                || !IsEvaluated(model, syntax, body)
                || FitArgument(model, access.Expression, body) is not { } fitted)
            {
                continue;
            }

            ExpressionSyntax scored = syntax.ArgumentList.Arguments[0].Expression;
            if (scored.ToString() == fitted.ToString())
            {
                continue;
            }

            yield return new Mutant("EvaluatedOnTrainingRows", "MLG2001", Line(text, syntax), [Replace(text, scored.Span, fitted.ToString())], $"{syntax} -> {fitted}");
        }
    }

    private static IEnumerable<Mutant> LabelConcatenatedIntoFeatures(SemanticModel model, SyntaxNode root, SourceText text)
    {
        foreach (IInvocationOperation concatenate in Operations.Invocations(model, root))
        {
            if (concatenate.TargetMethod.Name != "Concatenate"
                || !Operations.IsMl(concatenate.TargetMethod)
                || Operations.Argument(concatenate, "outputColumnName") is not { Value.ConstantValue: { HasValue: true, Value: "Features" } }
                || concatenate.Syntax is not InvocationExpressionSyntax syntax
                || Operations.EnclosingBody(syntax) is not { } body)
            {
                continue;
            }

            var labels = Operations.Invocations(model, body)
                .Where(i => Operations.IsMl(i.TargetMethod))
                .Select(i => Operations.Argument(i, "labelColumnName")?.Value.ConstantValue)
                .Where(v => v is { HasValue: true, Value: string })
                .Select(v => (string)v!.Value.Value!)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (labels.Count > 1)
            {
                continue;
            }

            string label = labels.Count == 1 ? labels[0] : "Label";
            var insertion = new TextChange(new TextSpan(syntax.ArgumentList.CloseParenToken.SpanStart, 0), ", " + SymbolDisplay.FormatLiteral(label, quote: true));
            yield return new Mutant("LabelConcatenatedIntoFeatures", "MLG2005", Line(text, syntax), [insertion], $"{syntax} + \"{label}\"");
        }
    }

    private static IEnumerable<Mutant> InputColumnMisspelled(SemanticModel model, SyntaxNode root, SourceText text, UnitFacts facts)
    {
        IEnumerable<IOperation> calls = Operations.Invocations(model, root)
            .Where(i => Operations.IsMl(i.TargetMethod))
            .Cast<IOperation>()
            .Concat(Operations.MlCreations(model, root));
        foreach (IOperation call in calls)
        {
            foreach (var (literal, value, parameter) in Operations.StringArguments(call, ReadColumnParameters))
            {
                // A typo that lands on a name the program uses (Cat23 -> Cat32) may be a real column: not a defect.
                string typo = Typo(value);
                if (facts.Names.Contains(typo))
                {
                    typo = value + "x";
                }

                if (facts.Names.Contains(typo))
                {
                    continue;
                }

                yield return new Mutant(
                    "InputColumnMisspelled", "MLG3001", Line(text, literal),
                    [Replace(text, literal.Span, SymbolDisplay.FormatLiteral(typo, quote: true))],
                    $"{parameter.Name}: \"{value}\" -> \"{typo}\" in {call.Syntax.ToString().Split('\n')[0].Trim()}");
            }
        }
    }

    private static IEnumerable<Mutant> MemberRetyped(SemanticModel model, SyntaxNode root, SourceText text, UnitFacts facts)
    {
        foreach (TypeDeclarationSyntax declaration in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type)
            {
                continue;
            }

            bool input = facts.Inputs.Contains(type);
            bool output = facts.Outputs.Contains(type);
            if (!input && !output)
            {
                continue;
            }

            foreach (MemberDeclarationSyntax member in declaration.Members)
            {
                if (MemberType(model, member) is not var (symbol, typeSyntax, memberType))
                {
                    continue;
                }

                string column = UnitFacts.ColumnName(symbol);
                bool isFloat = memberType.SpecialType == SpecialType.System_Single;
                bool isFloatArray = memberType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Single };
                bool isBool = memberType.SpecialType == SpecialType.System_Boolean;

                if (input && column == "Label" && (isFloat || isBool))
                {
                    string flipped = isFloat ? "bool" : "float";
                    yield return new Mutant("LabelTypeFlipped", "MLG3002", Line(text, typeSyntax), [Replace(text, typeSyntax.Span, flipped)], $"{type.Name}.{symbol.Name}: {typeSyntax} -> {flipped}");
                }

                if (input && (isFloat || isFloatArray) && facts.ConcatenatedColumns.Contains(column))
                {
                    string widened = isFloat ? "double" : "double[]";
                    yield return new Mutant("FeatureMemberWidened", "MLG3003", Line(text, typeSyntax), [Replace(text, typeSyntax.Span, widened)], $"{type.Name}.{symbol.Name}: {typeSyntax} -> {widened}");
                }

                if (output)
                {
                    string? retyped = column switch
                    {
                        "Score" or "Probability" when isFloat => "double",
                        "Score" when isFloatArray => "double[]",
                        "PredictedLabel" when isBool => "float",
                        _ => null,
                    };
                    if (retyped is not null)
                    {
                        yield return new Mutant("OutputMemberRetyped", "MLG3007", Line(text, typeSyntax), [Replace(text, typeSyntax.Span, retyped)], $"{type.Name}.{symbol.Name}: {typeSyntax} -> {retyped}");
                    }
                }
            }
        }
    }

    private static IEnumerable<Mutant> LoadColumnRemoved(SemanticModel model, SyntaxNode root, SourceText text, UnitFacts facts)
    {
        foreach (TypeDeclarationSyntax declaration in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type || !facts.TextLoaderInputs.Contains(type))
            {
                continue;
            }

            foreach (MemberDeclarationSyntax member in declaration.Members)
            {
                foreach (AttributeListSyntax list in member.AttributeLists)
                {
                    if (list.Attributes is [{ } attribute] && model.GetTypeInfo(attribute).Type?.Name == "LoadColumnAttribute")
                    {
                        yield return new Mutant("LoadColumnRemoved", "MLG3009", Line(text, member), [Replace(text, list.Span, "")], $"{type.Name}: {member.ToString().Split('\n').Last().Trim()} loses {list}");
                    }
                }
            }
        }
    }

    private static IEnumerable<Mutant> AppendResultDropped(SyntaxNode root, SourceText text)
    {
        foreach (ExpressionStatementSyntax statement in root.DescendantNodes().OfType<ExpressionStatementSyntax>())
        {
            if (statement.Expression is AssignmentExpressionSyntax
                {
                    RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                    Left: { } left,
                    Right: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Append" or "AppendCacheCheckpoint", Expression: { } receiver } } right,
                }
                && receiver.ToString() == left.ToString())
            {
                yield return new Mutant("AppendResultDropped", "MLG3012", Line(text, statement), [Replace(text, TextSpan.FromBounds(left.SpanStart, right.SpanStart), "")], statement.ToString().Split('\n')[0].Trim());
            }
        }
    }

    private static IEnumerable<BaseObjectCreationExpressionSyntax> SeededContexts(SemanticModel model, SyntaxNode root)
        => root.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>().Where(c =>
            c.ArgumentList is { Arguments: [{ Expression: var seed }] }
            && !seed.IsKind(SyntaxKind.NullLiteralExpression)
            && model.GetTypeInfo(c).Type is { Name: "MLContext" } type
            && Operations.IsMl(type));

    /// <summary>Whether a Transform's result is what an <c>Evaluate*</c> call scores, directly or through one local.</summary>
    private static bool IsEvaluated(SemanticModel model, InvocationExpressionSyntax transform, SyntaxNode body)
    {
        if (transform.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax direct } && IsEvaluate(model, direct))
        {
            return true;
        }

        if (transform.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && model.GetDeclaredSymbol(declarator) is ILocalSymbol local)
        {
            return body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i =>
                IsEvaluate(model, i)
                && i.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local)));
        }

        return false;
    }

    private static bool IsEvaluate(SemanticModel model, InvocationExpressionSyntax invocation)
        => model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method
            && method.Name.StartsWith("Evaluate", StringComparison.Ordinal)
            && Operations.IsMl(method);

    /// <summary>The data a model was fitted on: <c>x.Fit(data).Transform(...)</c>, or the one <c>Fit</c> a local or field was set from in this body.</summary>
    private static ExpressionSyntax? FitArgument(SemanticModel model, ExpressionSyntax receiver, SyntaxNode body)
    {
        while (receiver is ParenthesizedExpressionSyntax parenthesized)
        {
            receiver = parenthesized.Expression;
        }

        if (receiver is InvocationExpressionSyntax invocation)
        {
            return FitData(model, invocation);
        }

        if (receiver is not IdentifierNameSyntax name || model.GetSymbolInfo(name).Symbol is not { Kind: SymbolKind.Local or SymbolKind.Field or SymbolKind.Property } symbol)
        {
            return null;
        }

        var sources = new List<ExpressionSyntax>();
        foreach (SyntaxNode node in body.DescendantNodes())
        {
            if (node is VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator
                && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator), symbol))
            {
                sources.Add(initial);
            }
            else if (node is AssignmentExpressionSyntax { Left: { } left, Right: { } value }
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(left).Symbol, symbol))
            {
                sources.Add(value);
            }
        }

        return sources is [InvocationExpressionSyntax fit] ? FitData(model, fit) : null;
    }

    private static ExpressionSyntax? FitData(SemanticModel model, InvocationExpressionSyntax invocation)
        => model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "Fit" } fit
            && Operations.IsMl(fit)
            && invocation.ArgumentList.Arguments.Count >= 1
            ? invocation.ArgumentList.Arguments[0].Expression
            : null;

    private static (ISymbol Symbol, TypeSyntax Type, ITypeSymbol MemberType)? MemberType(SemanticModel model, MemberDeclarationSyntax member)
    {
        switch (member)
        {
            case PropertyDeclarationSyntax property when model.GetDeclaredSymbol(property) is IPropertySymbol symbol && !symbol.IsStatic:
                return (symbol, property.Type, symbol.Type);
            case FieldDeclarationSyntax { Declaration.Variables: [{ } variable] } field
                when model.GetDeclaredSymbol(variable) is IFieldSymbol symbol && !symbol.IsStatic && !symbol.IsConst:
                return (symbol, field.Declaration.Type, symbol.Type);
            default:
                return null;
        }
    }

    /// <summary>A one-keystroke typo: the last two letters swapped, or an extra letter where they are the same.</summary>
    internal static string Typo(string name)
        => name.Length >= 2 && name[^1] != name[^2]
            ? string.Concat(name.AsSpan(0, name.Length - 2), name[^1].ToString(), name[^2].ToString())
            : name + "x";

    private static int Line(SourceText text, SyntaxNode node) => text.Lines.GetLineFromPosition(node.SpanStart).LineNumber + 1;

    /// <summary>Removes one argument and its separating comma.</summary>
    private static TextChange RemoveArgument(SourceText text, ArgumentListSyntax list, ArgumentSyntax argument)
    {
        int index = list.Arguments.IndexOf(argument);
        TextSpan span = list.Arguments.Count == 1
            ? argument.Span
            : index > 0
                ? TextSpan.FromBounds(list.Arguments.GetSeparator(index - 1).SpanStart, argument.Span.End)
                : TextSpan.FromBounds(argument.SpanStart, list.Arguments[1].SpanStart);
        return Replace(text, span, "");
    }

    /// <summary>A replacement that keeps the file's line count: the line breaks it removes are written back after it.</summary>
    private static TextChange Replace(SourceText text, TextSpan span, string replacement)
    {
        int removed = text.ToString(span).Count(c => c == '\n');
        int added = replacement.Count(c => c == '\n');
        return new TextChange(span, replacement + new string('\n', Math.Max(0, removed - added)));
    }
}
