using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG3009: a row class read by <c>LoadFromTextFile&lt;T&gt;</c> / <c>CreateTextLoader&lt;T&gt;</c> has a public field or
/// property without <c>[LoadColumn]</c> (an error: the loader throws, even for <c>[NoColumn]</c> members), or two
/// members whose indices overlap (a warning: it loads, but one source column feeds two members).
/// </summary>
public sealed class LoadColumnInvalidAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property on a missing attribute: the index the fix gives the member.</summary>
    public const string IndexProperty = "Index";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LoadColumnInvalid);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        var types = ml.Schema;
        if (types.LoadColumn is null)
        {
            return;
        }

        var state = new CompilationState(types, start.Compilation);
        TypeScope.Register(start, ml, state.OnTypeStart);
    }

    private sealed class CompilationState
    {
        private readonly SchemaTypes _types;
        private readonly Compilation _compilation;
        private readonly Lazy<Dictionary<string, List<(SyntaxTree Tree, TextSpan Span)>>> _textLoaded;
        private readonly Lazy<List<UsingDirectiveSyntax>> _globalUsings;

        public CompilationState(SchemaTypes types, Compilation compilation)
        {
            _types = types;
            _compilation = compilation;
            _textLoaded = new(() => TextLoadedTypes(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            _globalUsings = new(() => GlobalUsings(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        // Reported from the row class itself (not from the loader call), so the diagnostic is local to the member it
        // names and the fix can edit it. The classes are found by the loader calls' type arguments, by name: a syntax
        // walk, not a semantic one, so no other tree is bound. Where the compilation declares more than one type of
        // that name, a call counts only if its type argument can denote this one by the C# lookup rules as far as
        // syntax shows them (qualifier, enclosing namespaces and types, using directives); otherwise it is not known
        // which class the loader reads, and nothing is reported.
        public void OnTypeStart(TypeScope context)
        {
            var rowType = context.Type;
            if (rowType.TypeKind is not (TypeKind.Class or TypeKind.Struct) || rowType.IsStatic
                || !_textLoaded.Value.TryGetValue(rowType.Name, out var sites)
                || InputSchema.IsDeclaredTwice(rowType)
                || (IsAmbiguous(rowType) && !sites.Any(site => CanDenote(site.Tree, site.Span, rowType))))
            {
                return;
            }

            context.OnEnd(end =>
            {
                foreach (var diagnostic in Check(rowType))
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        }

        private bool IsAmbiguous(INamedTypeSymbol rowType)
        {
            var count = 0;
            foreach (var symbol in _compilation.GetSymbolsWithName(rowType.Name, SymbolFilter.Type))
            {
                if (symbol is INamedTypeSymbol && ++count > 1)
                {
                    return true;
                }
            }

            return false;
        }

        private bool CanDenote(SyntaxTree tree, TextSpan span, INamedTypeSymbol rowType)
        {
            if (tree.GetRoot().FindNode(span, getInnermostNodeForTie: true) is not TypeSyntax argument)
            {
                return false;
            }

            var container = rowType.ContainingType is { } outer
                ? outer.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)
                : rowType.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";
            switch (argument)
            {
                case QualifiedNameSyntax qualified:
                    var qualifier = Unglobal(qualified.Left.ToString());
                    return container == qualifier || container.EndsWith("." + qualifier, StringComparison.Ordinal);
                case AliasQualifiedNameSyntax:
                    return container.Length == 0; // global::Row
                case not SimpleNameSyntax:
                    return false;
            }

            if (rowType.ContainingType is { } containing)
            {
                // A nested row class is found by its simple name from inside the type that declares it.
                return argument.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.Identifier.ValueText == containing.Name);
            }

            if (container.Length == 0)
            {
                return true;
            }

            // The namespaces a simple name is looked up in: every enclosing namespace and its parents, and what the
            // using directives in scope import (each read relative to its enclosing namespaces, as C# resolves them).
            var enclosing = argument.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().ToList();
            var scopes = new List<(string Namespace, SyntaxList<UsingDirectiveSyntax> Usings)>();
            var name = "";
            scopes.Add(("", ((CompilationUnitSyntax)tree.GetRoot()).Usings));
            foreach (var declaration in enclosing)
            {
                name = name.Length == 0 ? Unglobal(declaration.Name.ToString()) : name + "." + declaration.Name;
                scopes.Add((name, declaration.Usings));
            }

            // The innermost namespace's prefixes are every enclosing namespace and its parents.
            if (Prefixes(name).Contains(container))
            {
                return true;
            }

            var usings = scopes.SelectMany(scope => scope.Usings.Select(u => (scope.Namespace, Using: u)))
                .Concat(_globalUsings.Value.Select(u => (Namespace: "", Using: u)));
            foreach (var (scope, directive) in usings)
            {
                if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) || directive.Name is null)
                {
                    continue;
                }

                var target = Unglobal(directive.Name.ToString());
                if (directive.Alias is { } alias)
                {
                    // using Row = App.Data.Row;
                    if (alias.Name.Identifier.ValueText == rowType.Name
                        && (target == container + "." + rowType.Name || (container + "." + rowType.Name).EndsWith("." + target, StringComparison.Ordinal)))
                    {
                        return true;
                    }

                    continue;
                }

                if (Prefixes(scope).Any(prefix => (prefix.Length == 0 ? target : prefix + "." + target) == container))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A namespace and every namespace that contains it, down to the global one ("").</summary>
        private static IEnumerable<string> Prefixes(string name)
        {
            for (var at = name.Length; at > 0; at = name.LastIndexOf('.', at - 1))
            {
                yield return name.Substring(0, at);
            }

            yield return "";
        }

        private static string Unglobal(string name)
        {
            name = new string(name.Where(c => !char.IsWhiteSpace(c)).ToArray());
            return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
        }

        private static List<UsingDirectiveSyntax> GlobalUsings(Compilation compilation)
        {
            var usings = new List<UsingDirectiveSyntax>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax unit)
                {
                    usings.AddRange(unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)));
                }
            }

            return usings;
        }

        private static Dictionary<string, List<(SyntaxTree Tree, TextSpan Span)>> TextLoadedTypes(Compilation compilation)
        {
            var types = new Dictionary<string, List<(SyntaxTree, TextSpan)>>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var (name, span) in TreeSites.GetValue(tree, TextLoadedTypes))
                {
                    if (!types.TryGetValue(name, out var sites))
                    {
                        types.Add(name, sites = new List<(SyntaxTree, TextSpan)>());
                    }

                    sites.Add((tree, span));
                }
            }

            return types;
        }

        // Per tree, and kept while the tree lives: an edit in one file of a solution re-reads that file only. The
        // tree's text is searched for the two method names first, and only the tokens found there are looked at, so a
        // tree without a text loader costs one string search rather than a walk of all its nodes.
        private static readonly ConditionalWeakTable<SyntaxTree, (string Name, TextSpan Span)[]> TreeSites = new();

        private static (string Name, TextSpan Span)[] TextLoadedTypes(SyntaxTree tree)
        {
            var text = tree.GetText().ToString();
            List<(string, TextSpan)>? sites = null;
            foreach (var method in LoaderMethods)
            {
                for (var at = text.IndexOf(method, StringComparison.Ordinal); at >= 0; at = text.IndexOf(method, at + method.Length, StringComparison.Ordinal))
                {
                    if (tree.GetRoot().FindToken(at).Parent is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic
                        && generic.Identifier.ValueText == method
                        && RowTypeName(generic.TypeArgumentList.Arguments[0]) is { } name)
                    {
                        (sites ??= new List<(string, TextSpan)>()).Add((name, generic.TypeArgumentList.Arguments[0].Span));
                    }
                }
            }

            return sites?.ToArray() ?? Array.Empty<(string, TextSpan)>();
        }

        private static readonly string[] LoaderMethods = { "LoadFromTextFile", "CreateTextLoader" };

        private static string? RowTypeName(TypeSyntax argument)
            => argument switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                _ => null,
            };

        private IEnumerable<Diagnostic> Check(INamedTypeSymbol rowType)
        {
            // A member with an attribute that does not resolve (0.x's [Column("0")], a missing using) may be loaded
            // after all: not known, so not reported.
            var members = LoadColumns.TextLoaderMembers(rowType, _types).Where(m => !InputSchema.HasUnresolvedAttribute(m)).ToList();
            var loads = members.Select(m => (Member: m, Load: LoadColumnInfo.Of(m, _types))).ToList();
            var next = loads.Where(l => l.Load is not null).Select(l => l.Load!.Indices.DefaultIfEmpty(-1).Max()).DefaultIfEmpty(-1).Max() + 1;
            var owners = new Dictionary<int, ISymbol>();
            foreach (var (member, load) in loads)
            {
                if (member.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
                {
                    continue;
                }

                var kind = member is IFieldSymbol ? "Field" : "Property";
                if (load is null)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(IndexProperty, next.ToString(CultureInfo.InvariantCulture));
                    var why = $"has no [LoadColumn]: the text loader of '{rowType.Name}' throws \"{kind} '{member.Name}' is missing the LoadColumnAttribute attribute\""
                        + (member.GetAttributes().Any(a => SchemaTypes.Is(a, _types.NoColumn)) ? " ([NoColumn] does not exempt it)" : "");
                    next++;
                    yield return Diagnostic.Create(Descriptors.LoadColumnInvalid, location, DiagnosticSeverity.Error, null, properties, kind, member.Name, why);
                    continue;
                }

                var overlap = load.Indices.Where(owners.ContainsKey).ToList();
                foreach (var index in load.Indices)
                {
                    if (!owners.ContainsKey(index))
                    {
                        owners[index] = member;
                    }
                }

                if (overlap.Count > 0)
                {
                    var other = owners[overlap[0]];
                    var why = $"loads source column{(overlap.Count > 1 ? "s" : "")} {string.Join(", ", overlap)} that '{other.Name}' loads too: one text column feeds two members";
                    yield return Diagnostic.Create(Descriptors.LoadColumnInvalid, location, DiagnosticSeverity.Warning, null, null, kind, member.Name, why);
                }
            }
        }
    }
}
