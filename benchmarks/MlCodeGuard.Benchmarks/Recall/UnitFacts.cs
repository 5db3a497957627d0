using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Benchmarks.Recall;

/// <summary>
/// What the mutation operators need to know about one compilation unit of a corpus, read once from its code: which
/// source classes are loaded from text files or enumerables (input classes), which are prediction outputs, which
/// column names are concatenated into a vector, and every name the code uses (so a typo never lands on one).
/// </summary>
internal sealed class UnitFacts
{
    private UnitFacts(
        ImmutableHashSet<INamedTypeSymbol> textLoaderInputs,
        ImmutableHashSet<INamedTypeSymbol> inputs,
        ImmutableHashSet<INamedTypeSymbol> outputs,
        ImmutableHashSet<string> concatenatedColumns,
        ImmutableHashSet<string> names)
    {
        Names = names;
        TextLoaderInputs = textLoaderInputs;
        Inputs = inputs;
        Outputs = outputs;
        ConcatenatedColumns = concatenatedColumns;
    }

    /// <summary>Type arguments of <c>LoadFromTextFile&lt;T&gt;</c> and <c>CreateTextLoader&lt;T&gt;</c> declared in source.</summary>
    public ImmutableHashSet<INamedTypeSymbol> TextLoaderInputs { get; }

    /// <summary>The text loaders' classes plus the type arguments of <c>LoadFromEnumerable&lt;T&gt;</c>.</summary>
    public ImmutableHashSet<INamedTypeSymbol> Inputs { get; }

    /// <summary>TOut of <c>CreatePredictionEngine&lt;TIn, TOut&gt;</c> and T of <c>CreateEnumerable&lt;T&gt;</c>.</summary>
    public ImmutableHashSet<INamedTypeSymbol> Outputs { get; }

    /// <summary>Constant column names given as inputs to <c>Concatenate</c>.</summary>
    public ImmutableHashSet<string> ConcatenatedColumns { get; }

    /// <summary>Every string constant and identifier in the unit: a typo must not land on a name that exists.</summary>
    public ImmutableHashSet<string> Names { get; }

    public static UnitFacts Collect(Compilation compilation, IEnumerable<SyntaxTree> trees)
    {
        var textLoaderInputs = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var inputs = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var outputs = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var concatenated = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);

        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxToken token in tree.GetRoot().DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.IdentifierToken))
                {
                    names.Add(token.ValueText);
                }
            }

            foreach (IInvocationOperation invocation in Operations.Invocations(model, tree.GetRoot()))
            {
                IMethodSymbol method = invocation.TargetMethod;
                if (!Operations.IsMl(method))
                {
                    continue;
                }

                switch (method.Name)
                {
                    case "LoadFromTextFile" or "CreateTextLoader" when SourceType(method, 0) is { } loaded:
                        textLoaderInputs.Add(loaded);
                        inputs.Add(loaded);
                        break;
                    case "LoadFromEnumerable" when SourceType(method, 0) is { } enumerated:
                        inputs.Add(enumerated);
                        break;
                    case "CreatePredictionEngine" when SourceType(method, 1) is { } predicted:
                        outputs.Add(predicted);
                        break;
                    case "CreateEnumerable" when SourceType(method, 0) is { } read:
                        outputs.Add(read);
                        break;
                    case "Concatenate":
                        foreach (var (_, value, _) in Operations.StringArguments(invocation, "inputColumnNames"))
                        {
                            concatenated.Add(value);
                        }

                        break;
                }
            }
        }

        return new UnitFacts(textLoaderInputs.ToImmutable(), inputs.ToImmutable(), outputs.ToImmutable(), concatenated.ToImmutable(), names.ToImmutable());
    }

    /// <summary>The column a member binds: its <c>[ColumnName]</c> when it has one, else its name.</summary>
    public static string ColumnName(ISymbol member)
    {
        foreach (AttributeData attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "ColumnNameAttribute"
                && attribute.ConstructorArguments is [{ Value: string name }])
            {
                return name;
            }
        }

        return member.Name;
    }

    private static INamedTypeSymbol? SourceType(IMethodSymbol method, int index)
        => method.TypeArguments.Length > index
            && method.TypeArguments[index] is INamedTypeSymbol type
            && type.Locations.Any(l => l.IsInSource)
            ? type
            : null;
}
