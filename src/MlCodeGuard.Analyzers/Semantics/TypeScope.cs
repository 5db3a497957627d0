using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// The one symbol-start scope per named type that every type-scoped rule of a host shares: the rules that must see a
/// whole type before they report (a field's seed, the engines used outside a lock, the schema of a chain built across
/// members) each add their handlers here, and the host registers one operation action and one symbol-end action per
/// type for all of them.
/// </summary>
/// <remarks>
/// Why one scope: the compiler's analyzer driver computes, for every member of a type, the actions of each symbol-start
/// scope of an analyzer and groups them by operation kind; six scopes of five rules and a schema host made it do that
/// six times over, with three collectors of the same facts (<see cref="MemberAssignments"/> twice). Here the shared
/// collectors (<see cref="Assignments"/>, <see cref="Training"/>) are created at most once per type, on first request.
/// A rule run alone (the rule tests) gets a scope of its own with only its handlers, so it behaves the same.
/// </remarks>
internal sealed class TypeScope
{
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> _operations = new();
    private List<Action<SymbolAnalysisContext>>? _end;
    private List<Action<OperationBlockAnalysisContext>>? _blocks;
    private MemberAssignments? _assignments;
    private TrainingIndex? _training;

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
    /// Adds <paramref name="participant"/> to the host's type scope: called at the start of every named type with that
    /// type's scope, to add its handlers. The first participant of a host registers the one symbol-start action.
    /// </summary>
    public static void Register(CompilationStartAnalysisContext start, MlTypes types, Action<TypeScope> participant)
    {
        var participants = types.TypeScopeParticipants;
        if (!AddToFamily(participants, participant))
        {
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
        foreach (var kind in kinds)
        {
            if (!_operations.TryGetValue(kind, out var handlers))
            {
                _operations[kind] = handlers = new List<Action<OperationAnalysisContext>>(2);
            }

            handlers.Add(handler);
        }
    }

    /// <summary>Calls <paramref name="handler"/> with the operation blocks of every member of the type.</summary>
    public void OnOperationBlock(Action<OperationBlockAnalysisContext> handler) => (_blocks ??= new List<Action<OperationBlockAnalysisContext>>(1)).Add(handler);

    /// <summary>Calls <paramref name="handler"/> once every member of the type was analyzed.</summary>
    public void OnEnd(Action<SymbolAnalysisContext> handler) => (_end ??= new List<Action<SymbolAnalysisContext>>(2)).Add(handler);

    private void Commit(SymbolStartAnalysisContext context)
    {
        if (_operations.Count > 0)
        {
            var kinds = ImmutableArray.CreateBuilder<OperationKind>(_operations.Count);
            kinds.AddRange(_operations.Keys);
            var byKind = _operations;
            context.RegisterOperationAction(
                c =>
                {
                    foreach (var handler in byKind[c.Operation.Kind])
                    {
                        handler(c);
                    }
                },
                kinds.MoveToImmutable());
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

        if (_end is { } end)
        {
            context.RegisterSymbolEndAction(c =>
            {
                foreach (var handler in end)
                {
                    handler(c);
                }
            });
        }
    }
}
