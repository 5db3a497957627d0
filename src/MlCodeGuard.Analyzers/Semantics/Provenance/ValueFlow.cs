using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Provenance;

/// <summary>
/// The value a local or parameter holds where it is read, within one operation block (lambdas and local functions
/// included). Unlike <see cref="LocalFlow"/> it follows reassignments (<c>data = ml.Data.Cache(data);</c>) and tuple
/// deconstruction, but only where the answer is certain: every assignment a plain statement of the declaring block,
/// and the read not deferred in a lambda. Otherwise the answer is "unknown".
/// </summary>
internal sealed class ValueFlow
{
    private readonly Dictionary<ISymbol, List<Definition>> _definitions = new(SymbolEqualityComparer.Default);

    public ValueFlow(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    if (declarator.Initializer is { } initializer)
                    {
                        Add(declarator.Symbol, declarator, initializer.Value);
                    }
                    else if (declarator.Parent is not (IVariableDeclarationOperation or IForEachLoopOperation))
                    {
                        // catch variables and the like; a foreach variable is recorded with its loop below.
                        Add(declarator.Symbol, declarator, null);
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment:
                    Add(SymbolOf(assignment.Target)!, assignment, assignment.Value);
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } compound:
                    Add(SymbolOf(compound.Target)!, compound, null);
                    break;
                case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } coalesce:
                    Add(SymbolOf(coalesce.Target)!, coalesce, null);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    AddDeconstruction(deconstruction, deconstruction.Target, MlCall.Unwrap(deconstruction.Value));
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    foreach (var reference in argument.Value.DescendantsAndSelf())
                    {
                        if (SymbolOf(reference) is { } symbol)
                        {
                            Add(symbol, argument, null);
                        }
                    }

                    break;
                case IForEachLoopOperation loop:
                    foreach (var local in loop.Locals)
                    {
                        Add(local, loop, loop);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The expression the read evaluates to, a <see cref="IForEachLoopOperation"/> for a foreach variable, or null
    /// when it cannot be known. For a parameter that is never assigned, returns the reference itself.
    /// </summary>
    public IOperation? ValueAt(IOperation reference)
    {
        var symbol = SymbolOf(reference);
        if (symbol is null)
        {
            return null;
        }

        if (symbol is IParameterSymbol && !_definitions.ContainsKey(symbol))
        {
            return reference;
        }

        return DefinitionAt(symbol, reference)?.Value;
    }

    /// <summary>
    /// For a local given its value by deconstructing a call's result (<c>var (train, test) = Split(ml, data);</c>):
    /// the call and the index of the tuple element the local holds. Null otherwise.
    /// </summary>
    public (IOperation Value, int Element)? ElementAt(IOperation reference)
        => SymbolOf(reference) is { } symbol && DefinitionAt(symbol, reference) is { ElementOf: { } value } definition
            ? (value, definition.Element)
            : null;

    private Definition? DefinitionAt(ISymbol symbol, IOperation reference)
    {
        if (!_definitions.TryGetValue(symbol, out var definitions))
        {
            return null;
        }

        // A reassigned parameter: its first value is the caller's, so only a plain reassignment before the read counts.
        if (symbol is not IParameterSymbol && definitions.Count == 1)
        {
            return definitions[0];
        }

        return Reaching(definitions, reference);
    }

    private static Definition? Reaching(List<Definition> definitions, IOperation reference)
    {
        if (IsDeferred(reference))
        {
            return null;
        }

        Definition? last = null;
        foreach (var definition in definitions)
        {
            if (!definition.IsPlainStatement)
            {
                return null;
            }

            if (definition.Operation.Syntax.Span.End <= reference.Syntax.SpanStart
                && (last is null || definition.Operation.Syntax.SpanStart > last.Operation.Syntax.SpanStart))
            {
                last = definition;
            }
        }

        return last;
    }

    /// <summary>A read inside a lambda or local function runs at some later time: no reaching definition is certain.</summary>
    private static bool IsDeferred(IOperation reference)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private void Add(ISymbol symbol, IOperation operation, IOperation? value, IOperation? elementOf = null, int element = -1)
    {
        if (!_definitions.TryGetValue(symbol, out var list))
        {
            _definitions[symbol] = list = new List<Definition>();
        }

        list.Add(new Definition(operation, value, IsPlainStatement(operation)) { ElementOf = elementOf, Element = element });
    }

    /// <summary>
    /// <c>var (a, b) = (x, y);</c> and <c>(a, b) = (x, y);</c>: pair each target with the matching tuple element.
    /// <c>var (a, b) = Call();</c>: each target holds an element of the call's result (one level deep).
    /// </summary>
    private void AddDeconstruction(IOperation deconstruction, IOperation target, IOperation? value, bool topLevel = true)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        if (target is ITupleOperation targets)
        {
            var values = value is ITupleOperation tuple && tuple.Elements.Length == targets.Elements.Length ? tuple : null;
            for (var i = 0; i < targets.Elements.Length; i++)
            {
                var element = targets.Elements[i] is IDeclarationExpressionOperation inner ? inner.Expression : targets.Elements[i];
                if (values is null && topLevel && value is IInvocationOperation && SymbolOf(element) is { } elementSymbol)
                {
                    Add(elementSymbol, deconstruction, null, value, i);
                    continue;
                }

                AddDeconstruction(deconstruction, targets.Elements[i], values is null ? null : MlCall.Unwrap(values.Elements[i]), topLevel: false);
            }

            return;
        }

        if (SymbolOf(target) is { } symbol)
        {
            Add(symbol, deconstruction, value);
        }
    }

    private static ISymbol? SymbolOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local } => local.Local,
        _ => null,
    };

    /// <summary>A declaration or assignment that is a statement of its block, run exactly once when the block runs.</summary>
    private static bool IsPlainStatement(IOperation operation)
    {
        var current = operation;
        while (current.Parent is IVariableDeclarationOperation or IVariableDeclarationGroupOperation or IExpressionStatementOperation
               or IConversionOperation || (current is IVariableDeclaratorOperation && current.Parent is IVariableDeclarationOperation))
        {
            current = current.Parent;
        }

        // The statement must sit directly in the body's top block (or a using block of it), not in a loop or branch.
        return current.Parent is IBlockOperation block && IsBodyBlock(block);
    }

    private static bool IsBodyBlock(IBlockOperation block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IBlockOperation or IUsingOperation:
                    continue;
                case IMethodBodyOperation or IConstructorBodyOperation:
                    return true;
                default:
                    return false;
            }
        }

        // The root block of a method body (or of top-level statements) without a body operation around it.
        return true;
    }

    private sealed class Definition
    {
        public Definition(IOperation operation, IOperation? value, bool isPlainStatement)
        {
            Operation = operation;
            Value = value;
            IsPlainStatement = isPlainStatement;
        }

        public IOperation Operation { get; }

        public IOperation? Value { get; }

        public bool IsPlainStatement { get; }

        /// <summary>For a target of <c>var (a, b) = Call();</c>: the call whose result's element <see cref="Element"/> it holds.</summary>
        public IOperation? ElementOf { get; set; }

        public int Element { get; set; } = -1;
    }
}
