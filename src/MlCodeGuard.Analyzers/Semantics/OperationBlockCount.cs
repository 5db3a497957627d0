using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// How many times the analyzer driver will call an operation-block-start action for the declarations of a named type and
/// of the types nested in it: once per declaration of a member (or of the type itself) that has executable code, i.e. a
/// body, an expression body, an initializer, a constructor initializer, a parameter default, an enum member value, the
/// arguments of a primary constructor's base type, global statements, or attributes (the driver analyzes attribute
/// arguments as operation blocks of the attributed declaration). Declarations in generated files are left out, as the
/// driver leaves them out for an analyzer that does not analyze generated code.
/// </summary>
/// <remarks>
/// <see cref="TypeScope"/> uses the count to know when a type's last block was analyzed without a symbol-start scope.
/// A test (<c>OperationBlockCountTests</c>) compares it with the driver's own calls over the shapes C# has. A count that is
/// too high only delays the type's end to the compilation's end; the shapes are kept so that it is never too low.
/// </remarks>
internal static class OperationBlockCount
{
    /// <summary>The number of operation blocks the driver analyzes in <paramref name="type"/>, nested types included.</summary>
    public static int Of(INamedTypeSymbol type, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var tree = reference.SyntaxTree;
            if (IsGenerated(tree, options, cancellationToken))
            {
                continue;
            }

            switch (reference.GetSyntax(cancellationToken))
            {
                case CompilationUnitSyntax unit:
                    // The program of top-level statements: one block, the synthesized entry point.
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax)
                        {
                            count++;
                            break;
                        }
                    }

                    break;
                case MemberDeclarationSyntax declaration:
                    count += OfType(declaration);
                    break;
            }
        }

        return count;
    }

    private static int OfType(MemberDeclarationSyntax declaration)
    {
        switch (declaration)
        {
            case TypeDeclarationSyntax type:
            {
                var count = type.AttributeLists.Count > 0 || HasAttributes(type.TypeParameterList) ? 1 : 0;
                if (type.ParameterList is { } primary)
                {
                    // The primary constructor: its parameters' defaults and attributes, the base type's arguments.
                    var baseArguments = false;
                    foreach (var baseType in type.BaseList?.Types ?? default)
                    {
                        baseArguments |= baseType is PrimaryConstructorBaseTypeSyntax;
                    }

                    if (baseArguments || HasCode(primary))
                    {
                        count++;
                    }
                }

                foreach (var member in type.Members)
                {
                    count += OfMember(member);
                }

                return count;
            }

            case EnumDeclarationSyntax enumeration:
            {
                var count = enumeration.AttributeLists.Count > 0 ? 1 : 0;
                foreach (var member in enumeration.Members)
                {
                    if (member.EqualsValue is not null || member.AttributeLists.Count > 0)
                    {
                        count++;
                    }
                }

                return count;
            }

            case DelegateDeclarationSyntax @delegate:
                return @delegate.AttributeLists.Count > 0 || HasCode(@delegate.ParameterList) || HasAttributes(@delegate.TypeParameterList) ? 1 : 0;
            default:
                return 0;
        }
    }

    private static int OfMember(MemberDeclarationSyntax member)
    {
        switch (member)
        {
            case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                return OfType(member);
            case BaseFieldDeclarationSyntax field:
            {
                // One symbol per variable; each carries the declaration's attributes.
                var count = 0;
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is not null || field.AttributeLists.Count > 0)
                    {
                        count++;
                    }
                }

                return count;
            }

            case BaseMethodDeclarationSyntax method:
                return method.Body is not null
                    || method.ExpressionBody is not null
                    || method.AttributeLists.Count > 0
                    || HasCode(method.ParameterList)
                    || (method is ConstructorDeclarationSyntax { Initializer: not null })
                    || (method is MethodDeclarationSyntax { TypeParameterList: var typeParameters } && HasAttributes(typeParameters))
                    ? 1
                    : 0;
            case BasePropertyDeclarationSyntax property:
            {
                var count = 0;
                var own = property.AttributeLists.Count > 0
                    || (property is PropertyDeclarationSyntax { Initializer: not null })
                    || (property is IndexerDeclarationSyntax indexer && HasCode(indexer.ParameterList));
                if (own)
                {
                    count++;
                }

                if (property is PropertyDeclarationSyntax { ExpressionBody: not null } or IndexerDeclarationSyntax { ExpressionBody: not null })
                {
                    count++; // the getter of `T P => e;`
                }

                foreach (var accessor in property.AccessorList?.Accessors ?? default)
                {
                    if (accessor.Body is not null || accessor.ExpressionBody is not null || accessor.AttributeLists.Count > 0)
                    {
                        count++;
                    }
                }

                return count;
            }

            default:
                return 0;
        }
    }

    private static bool HasCode(BaseParameterListSyntax? parameters)
    {
        foreach (var parameter in parameters?.Parameters ?? default)
        {
            if (parameter.Default is not null || parameter.AttributeLists.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttributes(TypeParameterListSyntax? parameters)
    {
        foreach (var parameter in parameters?.Parameters ?? default)
        {
            if (parameter.AttributeLists.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the driver treats <paramref name="tree"/> as generated code (its file name, its header, or <c>generated_code</c>).</summary>
    public static bool IsGenerated(SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue("generated_code", out var configured)
            && bool.TryParse(configured, out var generated))
        {
            return generated;
        }

        var path = tree.FilePath;
        if (!string.IsNullOrEmpty(path))
        {
            var name = System.IO.Path.GetFileName(path);
            if (name.StartsWith("TemporaryGeneratedFile_", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var suffix in GeneratedSuffixes)
            {
                if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        foreach (var trivia in tree.GetRoot(cancellationToken).GetLeadingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                var text = trivia.ToString();
                if (text.IndexOf("<autogenerated", StringComparison.Ordinal) >= 0 || text.IndexOf("<auto-generated", StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static readonly string[] GeneratedSuffixes = { ".designer.cs", ".generated.cs", ".g.cs", ".g.i.cs" };
}
