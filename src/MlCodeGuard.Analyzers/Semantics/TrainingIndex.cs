using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics;

/// <summary>
/// Which members of one type train (fit, split, cross-validate, shuffle), directly or by calling a member of the same
/// type that does, or by handing an MLContext to a method elsewhere in the compilation that does. Filled while the type
/// is analyzed, queried at its symbol end.
/// </summary>
internal sealed class TrainingIndex
{
    private const int MaxCallDepth = 6;
    private readonly ConcurrentDictionary<ISymbol, MemberFacts> _members = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol _type;
    private readonly MlTypes _types;

    private TrainingIndex(INamedTypeSymbol type, MlTypes types)
    {
        _type = type;
        _types = types;
    }

    public static TrainingIndex Register(TypeScope scope)
    {
        var index = new TrainingIndex(scope.Type, scope.Types);
        scope.OnOperation(index.OnInvocation, OperationKind.Invocation);
        return index;
    }

    /// <summary>The member whose body holds an operation: lambdas and local functions belong to their member.</summary>
    public static ISymbol OwnerOf(ISymbol containingSymbol)
    {
        var symbol = containingSymbol;
        while (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && symbol.ContainingSymbol is not null)
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    /// <summary>Evidence that <paramref name="member"/> trains, or null.</summary>
    public string? EvidenceFor(ISymbol member) => Evidence(member.OriginalDefinition, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);

    /// <summary>Evidence that some member of the type trains, or null.</summary>
    public string? EvidenceForType()
    {
        foreach (var member in _members.Keys.OrderBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            var evidence = EvidenceFor(member);
            if (evidence is not null)
            {
                return member.Name == "<Main>$" ? evidence : "'" + member.Name + "' " + evidence.Substring("it ".Length);
            }
        }

        return null;
    }

    private string? Evidence(ISymbol member, HashSet<ISymbol> visiting, int depth)
    {
        if (!_members.TryGetValue(member, out var facts) || depth > MaxCallDepth || !visiting.Add(member))
        {
            return null;
        }

        if (facts.FirstTraining is { } training)
        {
            return "it calls '" + training.Name + "' on line " + training.Line;
        }

        foreach (var callee in facts.SameTypeCallees)
        {
            if (Evidence(callee, visiting, depth + 1) is not null)
            {
                return "it calls '" + callee.Name + "', which trains";
            }
        }

        foreach (var callee in facts.OtherTypeCallees)
        {
            if (TrainsBySyntax(callee))
            {
                return "it passes the context to '" + callee.ContainingType.Name + "." + callee.Name + "', which trains";
            }
        }

        return null;
    }

    private void OnInvocation(OperationAnalysisContext context)
    {
        // Most invocations of a type are none of the three facts: nothing is allocated for them.
        var invocation = (IInvocationOperation)context.Operation;
        var kind = MlCall.Classify(invocation, _types);
        if (MlCall.IsTraining(kind) && !MlCall.IsSelfSeeded(kind, invocation) && !(kind == MlCallKind.Fit && IsDeterministicFit(invocation)))
        {
            FactsOf(context.ContainingSymbol).AddTraining(invocation);
            return;
        }

        // Only methods declared in this compilation's source can train by calling it; checked by assembly first because
        // DeclaringSyntaxReferences allocates on every call.
        var target = invocation.TargetMethod.OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, context.Compilation.Assembly) || target.DeclaringSyntaxReferences.IsEmpty)
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(target.ContainingType, _type))
        {
            FactsOf(context.ContainingSymbol).SameTypeCallees.Enqueue(target);
        }
        else if (PassesContext(invocation))
        {
            FactsOf(context.ContainingSymbol).OtherTypeCallees.Enqueue(target);
        }
    }

    private MemberFacts FactsOf(ISymbol containingSymbol)
        => _members.GetOrAdd(OwnerOf(containingSymbol).OriginalDefinition, _ => new MemberFacts());

    private bool PassesContext(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (_types.IsMLContext(argument.Value.Type) || _types.IsMLContext(MlCall.Unwrap(argument.Value)?.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A method of another type is read from syntax only (analyzers must not bind other trees): it trains when its body
    /// calls one of the training methods by name. Used only for methods that receive an MLContext.
    /// </summary>
    private static bool TrainsBySyntax(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var call in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = call.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                    _ => null,
                };

                if ((name is "Fit" or "TrainTestSplit" or "CrossValidationSplit" or "ShuffleRows"
                     || (name is not null && name.StartsWith("CrossValidate", System.StringComparison.Ordinal)))
                    && !IsSelfSeededBySyntax(name, call.ArgumentList))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The transforms of the catalog that draw from the context's random source when fitted: random Fourier features,
    /// randomized PCA and LDA's sampler; and the tree featurizers (<c>FeaturizeByFastTree*</c>, <c>FeaturizeByFastForest*</c>),
    /// which train a tree ensemble. Every other transform the catalog lists fits the same way on every run.
    /// </summary>
    private static readonly HashSet<string> RandomizedTransforms = new(System.StringComparer.Ordinal)
    {
        "ApproximatedKernelMap", "ProjectToPrincipalComponents", "LatentDirichletAllocation",
    };

    /// <summary>
    /// A <c>Fit</c> of a chain known step by step to hold only deterministic transforms of the catalog (no trainer, none
    /// of <see cref="RandomizedTransforms"/>): it gives the same model whatever the context's seed, so it does not train
    /// in the sense of MLG1001; nor does a custom mapping, whose delegate cannot reach the context's random source. A
    /// chain with a step that cannot be followed (a parameter, a user estimator, a local assigned twice) is not known to
    /// be deterministic and counts.
    /// </summary>
    private bool IsDeterministicFit(IInvocationOperation fit)
    {
        if (fit.Instance is not { } estimator)
        {
            return false;
        }

        var nodes = Schema.ChainSteps.Of(estimator, _types.Schema);
        if (nodes.Count == 0)
        {
            return false;
        }

        foreach (var node in nodes)
        {
            // A custom mapping runs the user's delegate, which cannot draw from the context's random source: seeding
            // the context changes nothing there.
            if (node.IsCheckpoint || node.OpaqueCall?.TargetMethod is { Name: "CustomMapping" or "StatefulCustomMapping" } mapping && MlTypes.IsFromMlNet(mapping))
            {
                continue;
            }

            if (node.Entry is not { IsTrainer: false } entry || RandomizedTransforms.Contains(entry.Method)
                || entry.Method.StartsWith("FeaturizeByFast", System.StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The position of <c>seed</c> among the positional arguments of the self-seeding data operations, by name.</summary>
    private static int? SeedPosition(string method) => method switch
    {
        "TrainTestSplit" or "CrossValidationSplit" => 3,
        "ShuffleRows" => 1,
        _ => null,
    };

    /// <summary>A split or shuffle given a seed that is not the literal null, by name or by position (see <see cref="MlCall.IsSelfSeeded"/>).</summary>
    private static bool IsSelfSeededBySyntax(string name, ArgumentListSyntax arguments)
    {
        if (SeedPosition(name) is not { } position)
        {
            return false;
        }

        var seed = arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "seed")
            ?? (position < arguments.Arguments.Count && arguments.Arguments[position].NameColon is null ? arguments.Arguments[position] : null);
        return seed is not null && !seed.Expression.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression)
            && !seed.Expression.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.DefaultLiteralExpression);
    }

    private sealed class MemberFacts
    {
        private readonly object _gate = new();

        public (string Name, int Line)? FirstTraining { get; private set; }

        public ConcurrentQueue<IMethodSymbol> SameTypeCallees { get; } = new();

        public ConcurrentQueue<IMethodSymbol> OtherTypeCallees { get; } = new();

        public void AddTraining(IInvocationOperation invocation)
        {
            var line = MlCall.NameLocation(invocation).GetLineSpan().StartLinePosition.Line + 1;
            lock (_gate)
            {
                if (FirstTraining is null || line < FirstTraining.Value.Line)
                {
                    FirstTraining = (invocation.TargetMethod.Name, line);
                }
            }
        }
    }
}
