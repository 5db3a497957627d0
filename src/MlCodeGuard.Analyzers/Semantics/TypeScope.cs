using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// The one scope per named type that every type-scoped rule of a host shares: the rules that must see a whole type before
/// they report (a field's seed, the engines used outside a lock, the schema of a chain built across members) each add
/// their handlers here; the host runs them for every operation of the type's members and calls their end handlers once
/// the type's last member was analyzed.
/// </summary>
/// <remarks>
/// <para>Two ways to know when a type ends. In the IDE, <c>dotnet format</c> and the CLI (anything but a build, see
/// <see cref="IsBuild"/>), a symbol-start scope per type, as Roslyn intends: its end action's diagnostics are local to the
/// type, so an open file shows them and their fixes are offered. In a build no diagnostic needs to be local, and a
/// symbol-start scope is what costs most there: in the SDK's <c>csc</c> an analyzer with one costs 1.3–1.5× compile alone
/// even when its callbacks do nothing, against about 1.05× for a compilation-level operation-block-start action doing the
/// same nothing (benchmarks/README.md, "Control analyzers"). So a build's host registers one operation-block-start action
/// and keeps the scopes itself: a block's operations go to the scope of its member's type and of every type around it (a
/// symbol-start scope of a type covers its nested types too), and the type ends when the last of its blocks ends, counted
/// by <see cref="OperationBlockCount"/>; a type without blocks ends at its symbol action, and one whose count was not
/// reached (a shape the count does not know) at the compilation's end. A test holds both ways to the same diagnostics.</para>
/// <para>Why one scope for all rules: six scopes of five rules and a schema host made the driver compute the actions of
/// each member six times over, with three collectors of the same facts (<see cref="MemberAssignments"/> twice). Here the
/// shared collectors (<see cref="Assignments"/>, <see cref="Training"/>) are created at most once per type, on first
/// request. A rule run alone (the rule tests) gets a scope of its own with only its handlers, so it behaves the same.</para>
/// </remarks>
internal sealed class TypeScope
{
    private Dictionary<OperationKind, List<Action<OperationAnalysisContext>>>? _operations;
    private List<Action<TypeEndContext>>? _end;
    private List<Action<OperationBlockAnalysisContext>>? _blocks;
    private MemberAssignments? _assignments;
    private TrainingIndex? _training;
    private ImmutableArray<OperationKind> _kinds;
    private int _remaining;
    private int _ended;

    private TypeScope(INamedTypeSymbol type, MlTypes types)
    {
        Type = type;
        Types = types;
    }

    /// <summary>The type being analyzed.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>The ML.NET types of the compilation.</summary>
    public MlTypes Types { get; }

    /// <summary>The values assigned to the type's MLContext fields and properties, complete at the type's end.</summary>
    public MemberAssignments Assignments => _assignments ??= MemberAssignments.Register(this);

    /// <summary>Which members of the type train, complete at the type's end.</summary>
    public TrainingIndex Training => _training ??= TrainingIndex.Register(this);

    /// <summary>
    /// Adds <paramref name="participant"/> to the host's type scope: called once for every named type with that type's
    /// scope, to add its handlers. The first participant of a host registers the host's actions.
    /// </summary>
    public static void Register(CompilationStartAnalysisContext start, MlTypes types, Action<TypeScope> participant)
    {
        var participants = types.TypeScopeParticipants;
        if (!AddToFamily(participants, participant))
        {
            return;
        }

        if (IsBuild(start.Options))
        {
            var host = new Host(types, participants, start.Options);
            start.RegisterOperationBlockStartAction(host.OnBlockStart);
            start.RegisterSymbolAction(host.OnType, SymbolKind.NamedType);
            start.RegisterCompilationEndAction(host.OnCompilationEnd);
            return;
        }

        start.RegisterSymbolStartAction(
            context =>
            {
                var scope = new TypeScope((INamedTypeSymbol)context.Symbol, types);

                // Registration is over once compilation start returns, so the list no longer changes here.
                foreach (var add in participants)
                {
                    add(scope);
                }

                scope.Commit(context);
            },
            SymbolKind.NamedType);
    }

    /// <summary>The MSBuild property (visible to the compiler through the package's targets) that selects the build path.</summary>
    public const string ModeOption = "build_property.MlCodeGuardAnalysisMode";

    /// <summary>
    /// Whether this compilation is a build (<c>MlCodeGuardAnalysisMode=build</c>, which the package's targets set unless
    /// the build is an IDE's design-time build): then no diagnostic needs to be local to the member it is reported from,
    /// and the scopes are kept without a symbol-start action. Anything else (the IDE, <c>dotnet format</c>, the
    /// <c>mlguard</c> CLI, a compilation without the package's targets) gets symbol-start scopes, whose diagnostics are
    /// local to their type, as the IDE needs to show them in an open file and offer their fixes.
    /// </summary>
    public static bool IsBuild(AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ModeOption, out var mode)
            && string.Equals(mode.Trim(), "build", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds <paramref name="rule"/> to a family of rules that share one participant (the schema rules, the leakage rules):
    /// true for the first, which then registers the participant that asks every rule of the list in turn.
    /// </summary>
    public static bool AddToFamily<TRule>(List<TRule> family, TRule rule)
    {
        lock (family)
        {
            family.Add(rule);
            return family.Count == 1;
        }
    }

    /// <summary>Reports through <paramref name="report"/> each diagnostic once per id, place and message (one call may be asked about twice).</summary>
    public static Action<Diagnostic> ReportOnce(Action<Diagnostic> report)
    {
        var seen = new HashSet<(string, Location, string)>();
        return diagnostic =>
        {
            if (seen.Add((diagnostic.Id, diagnostic.Location, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))))
            {
                report(diagnostic);
            }
        };
    }

    /// <summary>Calls <paramref name="handler"/> for every operation of the given kinds in the type's members.</summary>
    public void OnOperation(Action<OperationAnalysisContext> handler, params OperationKind[] kinds)
    {
        var operations = _operations ??= new Dictionary<OperationKind, List<Action<OperationAnalysisContext>>>();
        foreach (var kind in kinds)
        {
            if (!operations.TryGetValue(kind, out var handlers))
            {
                operations[kind] = handlers = new List<Action<OperationAnalysisContext>>(2);
            }

            handlers.Add(handler);
        }
    }

    /// <summary>Calls <paramref name="handler"/> with the operation blocks of every member of the type.</summary>
    public void OnOperationBlock(Action<OperationBlockAnalysisContext> handler) => (_blocks ??= new List<Action<OperationBlockAnalysisContext>>(1)).Add(handler);

    /// <summary>Calls <paramref name="handler"/> once every member of the type was analyzed.</summary>
    public void OnEnd(Action<TypeEndContext> handler) => (_end ??= new List<Action<TypeEndContext>>(2)).Add(handler);

    private void Commit(SymbolStartAnalysisContext context)
    {
        if (_operations is { } byKind)
        {
            context.RegisterOperationAction(c => Dispatch(this, c), byKind.Keys.ToImmutableArray());
        }

        if (_blocks is { } blocks)
        {
            context.RegisterOperationBlockAction(c =>
            {
                foreach (var handler in blocks)
                {
                    handler(c);
                }
            });
        }

        if (_end is not null)
        {
            context.RegisterSymbolEndAction(c => End(c.Compilation, c.ReportDiagnostic, c.CancellationToken));
        }
    }

    private static void Dispatch(TypeScope scope, OperationAnalysisContext context)
    {
        if (scope._operations is { } operations && operations.TryGetValue(context.Operation.Kind, out var handlers))
        {
            foreach (var handler in handlers)
            {
                handler(context);
            }
        }
    }

    /// <summary>Runs the end handlers, once; afterwards the scope holds nothing (a late block finds it ended).</summary>
    private void End(Compilation compilation, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var end = _end;
        _operations = null;
        _blocks = null;
        _end = null;
        if (end is not null)
        {
            var context = new TypeEndContext(Type, compilation, report, cancellationToken);
            foreach (var handler in end)
            {
                handler(context);
            }
        }
    }

    private bool Ended => Volatile.Read(ref _ended) != 0;

    /// <summary>The scopes of one compilation, and the driver actions that feed them.</summary>
    private sealed class Host
    {
        private readonly MlTypes _types;
        private readonly List<Action<TypeScope>> _participants;
        private readonly AnalyzerOptions _options;
        private readonly ConcurrentDictionary<INamedTypeSymbol, Lazy<TypeScope>> _scopes = new(SymbolEqualityComparer.Default);

        public Host(MlTypes types, List<Action<TypeScope>> participants, AnalyzerOptions options)
        {
            _types = types;
            _participants = participants;
            _options = options;
        }

        private TypeScope Get(INamedTypeSymbol type, CancellationToken cancellationToken)
            => _scopes.GetOrAdd(type, t => new Lazy<TypeScope>(() => Create(t, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        private TypeScope Create(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var scope = new TypeScope(type, _types);

            // Registration is over once compilation start returns, so the list no longer changes here.
            foreach (var add in _participants)
            {
                add(scope);
            }

            scope._kinds = scope._operations is { } operations ? operations.Keys.ToImmutableArray() : ImmutableArray<OperationKind>.Empty;
            scope._remaining = OperationBlockCount.Of(type, _options, cancellationToken);
            return scope;
        }

        /// <summary>A type's symbol action: creates its scope, and ends it at once when the type has no block.</summary>
        public void OnType(SymbolAnalysisContext context)
        {
            var scope = Get((INamedTypeSymbol)context.Symbol, context.CancellationToken);
            if (Volatile.Read(ref scope._remaining) <= 0)
            {
                scope.End(context.Compilation, context.ReportDiagnostic, context.CancellationToken);
            }
        }

        public void OnBlockStart(OperationBlockStartAnalysisContext context)
        {
            // The scopes of the block's type and of every type around it, as symbol-start scopes would see it.
            var owner = context.OwningSymbol as INamedTypeSymbol ?? context.OwningSymbol.ContainingType;
            TypeScope? first = null;
            List<TypeScope>? more = null;
            var hasOperations = false;
            for (var type = owner; type is not null; type = type.ContainingType)
            {
                var scope = Get(type, context.CancellationToken);
                if (scope.Ended)
                {
                    continue;
                }

                hasOperations |= scope._operations is not null;
                if (first is null)
                {
                    first = scope;
                }
                else
                {
                    (more ??= new List<TypeScope>(2)).Add(scope);
                }
            }

            if (first is null)
            {
                return;
            }

            if (hasOperations)
            {
                var kinds = first._kinds;
                if (more is not null)
                {
                    var union = new HashSet<OperationKind>(kinds);
                    foreach (var scope in more)
                    {
                        union.UnionWith(scope._kinds);
                    }

                    kinds = union.ToImmutableArray();
                }

                context.RegisterOperationAction(
                    c =>
                    {
                        Dispatch(first, c);
                        if (more is not null)
                        {
                            foreach (var scope in more)
                            {
                                Dispatch(scope, c);
                            }
                        }
                    },
                    kinds);
            }

            context.RegisterOperationBlockEndAction(c =>
            {
                BlockEnd(first, c);
                if (more is not null)
                {
                    foreach (var scope in more)
                    {
                        BlockEnd(scope, c);
                    }
                }
            });
        }

        /// <summary>Ends the scopes whose count was not reached (a shape <see cref="OperationBlockCount"/> does not know, or a member the driver skipped as generated code).</summary>
        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            foreach (var pair in _scopes)
            {
                if (pair.Value.IsValueCreated)
                {
                    pair.Value.Value.End(context.Compilation, context.ReportDiagnostic, context.CancellationToken);
                }
            }
        }

        private static void BlockEnd(TypeScope scope, OperationBlockAnalysisContext context)
        {
            if (scope._blocks is { } blocks)
            {
                foreach (var handler in blocks)
                {
                    handler(context);
                }
            }

            if (Interlocked.Decrement(ref scope._remaining) == 0)
            {
                scope.End(context.Compilation, context.ReportDiagnostic, context.CancellationToken);
            }
        }
    }
}

/// <summary>What a type's end handlers get: the type, its compilation, and where to report.</summary>
internal readonly struct TypeEndContext
{
    private readonly Action<Diagnostic> _report;

    public TypeEndContext(INamedTypeSymbol symbol, Compilation compilation, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        Symbol = symbol;
        Compilation = compilation;
        _report = report;
        CancellationToken = cancellationToken;
    }

    /// <summary>The type that ended.</summary>
    public INamedTypeSymbol Symbol { get; }

    /// <summary>The compilation being analyzed.</summary>
    public Compilation Compilation { get; }

    /// <summary>Cancels the analysis.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Reports a diagnostic found in the type.</summary>
    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
}
