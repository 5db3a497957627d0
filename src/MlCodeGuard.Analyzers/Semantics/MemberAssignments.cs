using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// The values assigned to the MLContext-typed fields and properties of one type, collected while the type is analyzed
/// (initializers, constructors, any member). Complete at the type's symbol end, which is when rules query it.
/// </summary>
internal sealed class MemberAssignments
{
    // Created on the first MLContext member assignment: most types have none.
    private ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>>? _values;
    private readonly INamedTypeSymbol _type;
    private readonly MlTypes _types;

    private MemberAssignments(INamedTypeSymbol type, MlTypes types)
    {
        _type = type;
        _types = types;
    }

    public INamedTypeSymbol Type => _type;

    /// <summary>Creates the collector for the type being analyzed and registers the actions that fill it.</summary>
    public static MemberAssignments Register(TypeScope scope)
    {
        var assignments = new MemberAssignments(scope.Type, scope.Types);
        scope.OnOperation(assignments.OnAssignment, OperationKind.SimpleAssignment);
        scope.OnOperation(assignments.OnFieldInitializer, OperationKind.FieldInitializer);
        scope.OnOperation(assignments.OnPropertyInitializer, OperationKind.PropertyInitializer);
        return assignments;
    }

    public IReadOnlyCollection<IOperation> ValuesOf(ISymbol member)
        => _values is { } values && values.TryGetValue(member.OriginalDefinition, out var queue) ? queue : (IReadOnlyCollection<IOperation>)System.Array.Empty<IOperation>();

    public bool Declares(ISymbol member) => SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type);

    private void OnAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        var member = assignment.Target switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        if (member is not null && _types.IsMLContext(assignment.Target.Type) && Declares(member))
        {
            Add(member, assignment.Value);
        }
    }

    private void OnFieldInitializer(OperationAnalysisContext context)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        foreach (var field in initializer.InitializedFields)
        {
            if (_types.IsMLContext(field.Type))
            {
                Add(field, initializer.Value);
            }
        }
    }

    private void OnPropertyInitializer(OperationAnalysisContext context)
    {
        var initializer = (IPropertyInitializerOperation)context.Operation;
        foreach (var property in initializer.InitializedProperties)
        {
            if (_types.IsMLContext(property.Type))
            {
                Add(property, initializer.Value);
            }
        }
    }

    private void Add(ISymbol member, IOperation value)
        => System.Threading.LazyInitializer.EnsureInitialized(ref _values, () => new ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>>(SymbolEqualityComparer.Default))!
            .GetOrAdd(member.OriginalDefinition, _ => new ConcurrentQueue<IOperation>()).Enqueue(value);
}
