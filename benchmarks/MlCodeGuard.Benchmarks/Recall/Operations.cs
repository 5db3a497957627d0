using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Benchmarks.Recall;

/// <summary>Small IOperation and syntax helpers shared by the mutation operators.</summary>
internal static class Operations
{
    /// <summary>Whether a symbol is declared in an ML.NET assembly.</summary>
    public static bool IsMl(ISymbol symbol) => symbol.ContainingAssembly?.Name.StartsWith("Microsoft.ML", StringComparison.Ordinal) == true;

    /// <summary>Every invocation in a syntax subtree that binds to a method.</summary>
    public static IEnumerable<IInvocationOperation> Invocations(SemanticModel model, SyntaxNode root)
    {
        foreach (InvocationExpressionSyntax syntax in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(syntax) is IInvocationOperation invocation)
            {
                yield return invocation;
            }
        }
    }

    /// <summary>Constructor calls of ML.NET types (for example <c>new InputOutputColumnPair(...)</c>).</summary>
    public static IEnumerable<IObjectCreationOperation> MlCreations(SemanticModel model, SyntaxNode root)
    {
        foreach (BaseObjectCreationExpressionSyntax syntax in root.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
        {
            if (model.GetOperation(syntax) is IObjectCreationOperation { Constructor: { } constructor } creation && IsMl(constructor))
            {
                yield return creation;
            }
        }
    }

    /// <summary>
    /// The string literals written for a parameter (one, or each element of a <c>params</c> or explicit array), with
    /// their syntax, so that an operator can rewrite exactly that literal.
    /// </summary>
    public static IEnumerable<(LiteralExpressionSyntax Literal, string Value, IParameterSymbol Parameter)> StringArguments(
        IOperation call, params string[] parameterNames)
    {
        IEnumerable<IArgumentOperation> arguments = call switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => [],
        };

        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Parameter is not { } parameter || !parameterNames.Contains(parameter.Name, StringComparer.Ordinal))
            {
                continue;
            }

            IEnumerable<IOperation> values = argument.Value is IArrayCreationOperation { Initializer: { } initializer }
                ? initializer.ElementValues
                : [argument.Value];
            foreach (IOperation value in values)
            {
                IOperation unwrapped = value is IConversionOperation conversion ? conversion.Operand : value;
                if (unwrapped is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text }, Syntax: LiteralExpressionSyntax literal })
                {
                    yield return (literal, text, parameter);
                }
            }
        }
    }

    /// <summary>The argument written for a parameter, when there is one in the source.</summary>
    public static IArgumentOperation? Argument(IInvocationOperation invocation, string parameterName)
        => invocation.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit && a.Parameter?.Name == parameterName);

    /// <summary>The member (method, accessor, local function, lambda-free top-level code) whose body holds a node.</summary>
    public static SyntaxNode? EnclosingBody(SyntaxNode node)
        => node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);
}
