using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
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
        private readonly Lazy<HashSet<string>> _textLoaded;

        public CompilationState(SchemaTypes types, Compilation compilation)
        {
            _types = types;
            _textLoaded = new Lazy<HashSet<string>>(() => TextLoadedTypeNames(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        // Reported from the row class itself (not from the loader call), so the diagnostic is local to the member it
        // names and the fix can edit it. The classes are found by the loader calls' type arguments, by name: a syntax
        // walk, not a semantic one, so no other tree is bound.
        public void OnTypeStart(TypeScope context)
        {
            var rowType = context.Type;
            if (rowType.TypeKind is not (TypeKind.Class or TypeKind.Struct) || rowType.IsStatic || !_textLoaded.Value.Contains(rowType.Name))
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

        private static HashSet<string> TextLoadedTypeNames(Compilation compilation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                names.UnionWith(TreeNames.GetValue(tree, TextLoadedTypeNames));
            }

            return names;
        }

        // Per tree, and kept while the tree lives: an edit in one file of a solution re-reads that file only. The
        // tree's text is searched for the two method names first, and only the tokens found there are looked at, so a
        // tree without a text loader costs one string search rather than a walk of all its nodes.
        private static readonly ConditionalWeakTable<SyntaxTree, string[]> TreeNames = new();

        private static string[] TextLoadedTypeNames(SyntaxTree tree)
        {
            var text = tree.GetText().ToString();
            List<string>? names = null;
            foreach (var method in LoaderMethods)
            {
                for (var at = text.IndexOf(method, StringComparison.Ordinal); at >= 0; at = text.IndexOf(method, at + method.Length, StringComparison.Ordinal))
                {
                    if (tree.GetRoot().FindToken(at).Parent is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic
                        && generic.Identifier.ValueText == method
                        && RowTypeName(generic.TypeArgumentList.Arguments[0]) is { } name)
                    {
                        (names ??= new List<string>()).Add(name);
                    }
                }
            }

            return names?.ToArray() ?? Array.Empty<string>();
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
            var members = LoadColumns.TextLoaderMembers(rowType, _types);
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
