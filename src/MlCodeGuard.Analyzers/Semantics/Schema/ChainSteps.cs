using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>A step of a chain as written: a catalog call, or something the catalog cannot model.</summary>
internal sealed class ChainNode
{
    private ChainNode(IInvocationOperation? call, CatalogEntry? entry, string? opaqueReason, bool isCheckpoint = false)
    {
        Call = call;
        Entry = entry;
        OpaqueReason = opaqueReason;
        IsCheckpoint = isCheckpoint;
    }

    public IInvocationOperation? Call { get; }

    public CatalogEntry? Entry { get; }

    /// <summary>Why the step cannot be modelled; null for a catalog step.</summary>
    public string? OpaqueReason { get; }

    /// <summary>An <c>AppendCacheCheckpoint</c>: no columns change, the rows before it are cached (MLG4005).</summary>
    public bool IsCheckpoint { get; }

    public static ChainNode Step(IInvocationOperation call, CatalogEntry entry) => new(call, entry, null);

    public static ChainNode Opaque(string reason) => new(null, null, reason);

    /// <summary>A call the catalog cannot model; <see cref="OpaqueCall"/> keeps it for rules that need only its method.</summary>
    public static ChainNode Opaque(string reason, IInvocationOperation call) => new(null, null, reason) { OpaqueCall = call };

    /// <summary>For an opaque step that is a call: the call (its columns are not known, its method is).</summary>
    public IInvocationOperation? OpaqueCall { get; private set; }

    public static ChainNode Checkpoint(IInvocationOperation call) => new(call, null, null, isCheckpoint: true);
}

/// <summary>Takes an estimator expression apart into its steps: fluent <c>Append</c> chains and chains kept in locals.</summary>
internal static class ChainSteps
{
    private const int MaxDepth = 64;

    public static List<ChainNode> Of(IOperation estimator, SchemaTypes types)
    {
        var nodes = new List<ChainNode>();
        Collect(estimator, types, nodes, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), 0);
        return nodes;
    }

    /// <summary>The catalog row of a call, or null when the call is not an ML.NET catalog method we model.</summary>
    public static CatalogEntry? EntryOf(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!MlTypes.IsFromMlNet(method))
        {
            return null;
        }

        var catalog = CatalogTypeOf(method);
        return catalog is null ? null : EstimatorCatalog.Find(catalog.Name, method.Name);
    }

    /// <summary>The catalog a method is called on: the <c>this</c> parameter's type for extensions, else the declaring type.</summary>
    public static ITypeSymbol? CatalogTypeOf(IMethodSymbol method)
    {
        if (method.IsExtensionMethod)
        {
            var original = method.ReducedFrom ?? method;
            return original.Parameters.Length > 0 ? original.Parameters[0].Type : null;
        }

        return method.ContainingType;
    }

    public static bool IsAppend(IInvocationOperation invocation, MlTypes types)
        => invocation.TargetMethod.Name is "Append" or "AppendCacheCheckpoint"
           && MlTypes.IsFromMlNet(invocation.TargetMethod)
           && types.ImplementsEstimator(invocation.TargetMethod.ReturnType);

    /// <summary>The chain an <c>Append</c> is called on (the instance, or the extension's first argument).</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance;
        }

        return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
            ? invocation.Arguments[0].Value
            : null;
    }

    private static void Collect(IOperation? operation, SchemaTypes types, List<ChainNode> nodes, HashSet<ILocalSymbol> visiting, int depth)
    {
        operation = MlCall.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            nodes.Add(ChainNode.Opaque("the chain is too deep to follow"));
            return;
        }

        switch (operation)
        {
            case IInvocationOperation invocation when IsAppend(invocation, types.Ml):
                Collect(Receiver(invocation), types, nodes, visiting, depth + 1);
                if (invocation.TargetMethod.Name == "Append")
                {
                    var estimator = MlCall.Argument(invocation, "estimator")?.Value;
                    Collect(estimator, types, nodes, visiting, depth + 1);
                }
                else
                {
                    nodes.Add(ChainNode.Checkpoint(invocation));
                }

                return;
            case IInvocationOperation invocation when EntryOf(invocation) is { } entry:
                nodes.Add(ChainNode.Step(invocation, entry));
                return;
            case IInvocationOperation invocation:
                nodes.Add(ChainNode.Opaque(
                    MlTypes.IsFromMlNet(invocation.TargetMethod)
                        ? $"'{invocation.TargetMethod.Name}' is not in the estimator catalog"
                        : $"'{invocation.TargetMethod.Name}' is user code",
                    invocation));
                return;
            case IObjectCreationOperation { Arguments.Length: 0, Initializer: null } creation
                when creation.Type is INamedTypeSymbol { Name: "EstimatorChain" } && MlTypes.IsFromMlNet(creation.Type):
                return; // an empty chain
            case ILocalReferenceOperation local:
                if (!visiting.Add(local.Local))
                {
                    nodes.Add(ChainNode.Opaque($"'{local.Local.Name}' is built from itself"));
                    return;
                }

                var values = LocalFlow.AssignedValues(local.Local, local);
                if (values.Count == 1 && values[0] is { } value)
                {
                    Collect(value, types, nodes, visiting, depth + 1);
                }
                else
                {
                    nodes.Add(ChainNode.Opaque($"'{local.Local.Name}' is assigned more than once"));
                }

                visiting.Remove(local.Local);
                return;
            default:
                nodes.Add(ChainNode.Opaque($"'{operation.Syntax}' cannot be followed"));
                return;
        }
    }
}
