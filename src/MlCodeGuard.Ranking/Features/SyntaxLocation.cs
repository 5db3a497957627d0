using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MlCodeGuard.Ranking.Features;

/// <summary>Where a diagnostic sits in its syntax tree: enclosing symbol, member kind and size, nesting.</summary>
/// <param name="Symbol">"Type.Member" of the enclosing declarations, e.g. "Trainer.Train"; "" at file level.</param>
/// <param name="MemberKind">One of <see cref="MemberKinds"/>.</param>
/// <param name="MemberLines">Lines of the enclosing member.</param>
/// <param name="Nesting">Blocks, lambdas and statements between the member and the flagged code.</param>
public sealed record SyntaxLocation(string Symbol, int MemberKind, int MemberLines, int Nesting)
{
    /// <summary>Nothing known (no source).</summary>
    public static SyntaxLocation Unknown { get; } = new(string.Empty, MemberKinds.None, 0, 0);

    /// <summary>Finds the enclosing declarations of a span, from syntax alone (no binding, so it is cheap).</summary>
    /// <param name="root">The tree's root.</param>
    /// <param name="span">The flagged span.</param>
    /// <returns>The location facts.</returns>
    public static SyntaxLocation Of(SyntaxNode root, TextSpan span)
    {
        if (span.End > root.FullSpan.End)
        {
            return Unknown;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var names = new List<string>();
        var kind = MemberKinds.None;
        SyntaxNode? member = null;
        var nesting = 0;
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BlockSyntax or LambdaExpressionSyntax or LocalFunctionStatementSyntax when member is null:
                    nesting++;
                    break;
                case MethodDeclarationSyntax m when member is null:
                    (member, kind) = (m, MemberKinds.Method);
                    names.Add(m.Identifier.ValueText);
                    break;
                case OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax when member is null:
                    (member, kind) = (current, MemberKinds.Method);
                    names.Add("operator");
                    break;
                case ConstructorDeclarationSyntax c when member is null:
                    (member, kind) = (c, MemberKinds.Constructor);
                    names.Add(".ctor");
                    break;
                case DestructorDeclarationSyntax when member is null:
                    (member, kind) = (current, MemberKinds.Constructor);
                    names.Add("Finalize");
                    break;
                case PropertyDeclarationSyntax p when member is null:
                    (member, kind) = (p, MemberKinds.Property);
                    names.Add(p.Identifier.ValueText);
                    break;
                case IndexerDeclarationSyntax when member is null:
                    (member, kind) = (current, MemberKinds.Property);
                    names.Add("this[]");
                    break;
                case EventDeclarationSyntax e when member is null:
                    (member, kind) = (e, MemberKinds.Property);
                    names.Add(e.Identifier.ValueText);
                    break;
                case BaseFieldDeclarationSyntax f when member is null:
                    (member, kind) = (f, MemberKinds.Field);
                    names.Add(string.Join(",", f.Declaration.Variables.Select(v => v.Identifier.ValueText)));
                    break;
                case GlobalStatementSyntax when member is null:
                    (member, kind) = (current, MemberKinds.TopLevel);
                    names.Add("<top-level>");
                    break;
                case BaseTypeDeclarationSyntax t:
                    if (member is null)
                    {
                        (member, kind) = (t, MemberKinds.Type);
                    }

                    names.Add(t.Identifier.ValueText);
                    break;
                case DelegateDeclarationSyntax d:
                    member ??= d;
                    names.Add(d.Identifier.ValueText);
                    break;
            }
        }

        names.Reverse();
        var lines = 0;
        if (member is not null)
        {
            var lineSpan = member.SyntaxTree.GetLineSpan(member.Span);
            lines = lineSpan.EndLinePosition.Line - lineSpan.StartLinePosition.Line + 1;
        }

        return new SyntaxLocation(string.Join('.', names), kind, lines, nesting);
    }

    /// <summary>
    /// A short hash of the flagged code with all whitespace removed, so re-indenting or moving it keeps the identity.
    /// </summary>
    /// <param name="text">The source text.</param>
    /// <param name="span">The flagged span.</param>
    /// <returns>16 hex digits.</returns>
    public static string CodeHash(SourceText text, TextSpan span)
    {
        if (span.End > text.Length)
        {
            return string.Empty;
        }

        var builder = new StringBuilder(span.Length);
        foreach (var c in text.ToString(span))
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())), 0, 8);
    }

    /// <summary>Parses a file for <see cref="Of"/> (latest language version).</summary>
    /// <param name="text">The source.</param>
    /// <param name="path">The file path.</param>
    /// <returns>The root.</returns>
    public static SyntaxNode Parse(string text, string path)
        => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path).GetRoot();
}
