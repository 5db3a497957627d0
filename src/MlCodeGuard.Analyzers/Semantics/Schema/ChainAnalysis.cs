using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>A column a step reads, and what the schema before the step holds under that name.</summary>
internal sealed class ColumnRead
{
    public ColumnRead(StepResult step, string role, string name, IOperation? nameOperation, Column? found, bool checkable)
    {
        Step = step;
        Role = role;
        Name = name;
        NameOperation = nameOperation;
        Found = found;
        Checkable = checkable;
    }

    public StepResult Step { get; }

    /// <summary>"input", "label", "feature", "example weight", "row group".</summary>
    public string Role { get; }

    public string Name { get; }

    /// <summary>The string literal or <c>nameof</c> that names the column; null when the name is a default.</summary>
    public IOperation? NameOperation { get; }

    /// <summary>The column before the step, or null when the schema does not have it.</summary>
    public Column? Found { get; }

    /// <summary>False when the schema before the step is open: a missing column may then exist.</summary>
    public bool Checkable { get; }

    public bool IsMissing => Checkable && Found is null;

    /// <summary>Where to report a problem with this column: the argument that names it, else the step's method name.</summary>
    public Location Location => NameOperation?.Syntax.GetLocation() ?? MlCall.NameLocation(Step.Call);
}

/// <summary>One modelled step of a chain: its catalog row, the columns it read, the schema it saw.</summary>
internal sealed class StepResult
{
    public StepResult(IInvocationOperation call, CatalogEntry entry, SchemaState before)
    {
        Call = call;
        Entry = entry;
        Before = before;
    }

    public IInvocationOperation Call { get; }

    public CatalogEntry Entry { get; }

    public SchemaState Before { get; }

    public List<ColumnRead> Reads { get; } = new();

    /// <summary>For trainers: what the trainer is.</summary>
    public TrainerInfo? Trainer { get; set; }

    public ColumnRead? Read(string role)
    {
        foreach (var read in Reads)
        {
            if (read.Role == role)
            {
                return read;
            }
        }

        return null;
    }
}

/// <summary>The schema at each step of one estimator chain applied to one input schema.</summary>
internal sealed class ChainAnalysis
{
    public ChainAnalysis(SchemaState input, ImmutableArray<StepResult> steps, SchemaState output, IOperation? head)
    {
        Input = input;
        Steps = steps;
        Output = output;
        Head = head;
    }

    public SchemaState Input { get; }

    public ImmutableArray<StepResult> Steps { get; }

    public SchemaState Output { get; }

    /// <summary>The first catalog call of the chain (the head of a fluent chain), when the chain starts with one.</summary>
    public IOperation? Head { get; }
}
