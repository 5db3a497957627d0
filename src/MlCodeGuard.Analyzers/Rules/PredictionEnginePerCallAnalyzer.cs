using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG4002: <c>CreatePredictionEngine</c>, <c>Model.Load</c> or <c>new MLContext()</c> run for every item of a loop (with
/// arguments that do not change between iterations) or for every request of a web endpoint (controller action or
/// constructor, Razor Pages handler, minimal-API handler). Loops and endpoints that train are left alone: a context or
/// engine per trained model is the point there.
/// </summary>
public sealed class PredictionEnginePerCallAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: "true" when the flagged value initializes a local of the loop body that can move before the loop.</summary>
    public const string HoistProperty = "Hoist";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PredictionEnginePerCall);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        var types = ml.Serving;
        start.RegisterOperationAction(c => OnInvocation(c, types), OperationKind.Invocation);
        start.RegisterOperationAction(c => OnCreation(c, types), OperationKind.ObjectCreation);
    }

    private enum Kind
    {
        Engine,
        Load,
        Context,
    }

    private static void OnInvocation(OperationAnalysisContext context, ServingTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (types.IsCreatePredictionEngine(invocation))
        {
            Check(context, types, invocation, Kind.Engine, invocation.TargetMethod.Name, MlCall.NameLocation(invocation), invocation.Arguments);
        }
        else if (types.IsModelLoad(invocation))
        {
            Check(context, types, invocation, Kind.Load, "Model.Load", MlCall.NameLocation(invocation), invocation.Arguments);
        }
    }

    private static void OnCreation(OperationAnalysisContext context, ServingTypes types)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (types.Ml.IsMLContext(creation.Type))
        {
            Check(context, types, creation, Kind.Context, "new MLContext()", creation.Syntax.GetLocation(), creation.Arguments);
        }
    }

    private static void Check(OperationAnalysisContext context, ServingTypes types, IOperation operation, Kind kind, string name, Location location, ImmutableArray<IArgumentOperation> arguments)
    {
        string where;
        string advice;
        var hoist = false;
        if (EnclosingLoop(operation, types) is { } loop)
        {
            if (!Invariant(arguments, loop.Syntax) || (kind == Kind.Context && Trains(loop.Body, types.Ml)))
            {
                return;
            }

            where = loop.Runner is null ? "on every iteration of the loop" : $"for every item of '{loop.Runner}'";
            advice = kind switch
            {
                Kind.Engine => "create the engine once, before the loop, or score the whole batch with model.Transform(ml.Data.LoadFromEnumerable(items))",
                Kind.Load => "load the model once, before the loop",
                _ => "create one MLContext before the loop and reuse it",
            };
            hoist = loop.Runner is null && Hoistable(operation, loop.Syntax);
        }
        else if (RequestHandler(operation, TrainingIndex.OwnerOf(context.ContainingSymbol), types) is { } handler)
        {
            if (Trains(handler.Body, types.Ml))
            {
                return;
            }

            where = "on every request to " + handler.Description;
            advice = kind switch
            {
                Kind.Engine => "load the model once at start-up and rent engines from a pool (PredictionEnginePool, ObjectPool)",
                Kind.Load => "load the model once at start-up (a loaded ITransformer is thread-safe and can be a singleton)",
                _ => "create one MLContext at start-up and share it",
            };
        }
        else
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(HoistProperty, hoist ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PredictionEnginePerCall, location, properties, name, where, advice));
    }

    private sealed class Loop
    {
        public Loop(SyntaxNode syntax, IOperation body, string? runner)
        {
            Syntax = syntax;
            Body = body;
            Runner = runner;
        }

        /// <summary>The loop statement, or the lambda run per item.</summary>
        public SyntaxNode Syntax { get; }

        public IOperation Body { get; }

        /// <summary>"Parallel.ForEach" for a lambda run per item; null for a loop statement.</summary>
        public string? Runner { get; }
    }

    /// <summary>The innermost loop whose body runs <paramref name="operation"/> (a loop statement, or a Parallel.For/ForEach body).</summary>
    private static Loop? EnclosingLoop(IOperation operation, ServingTypes types)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case ILoopOperation loop when ReferenceEquals(loop.Body, current):
                    return new Loop(loop.Syntax, loop.Body, null);
                case IAnonymousFunctionOperation lambda:
                    return ArgumentOf(lambda) is { Parent: IInvocationOperation runner }
                           && SymbolEqualityComparer.Default.Equals(runner.TargetMethod.ContainingType, types.Parallel)
                           && runner.TargetMethod.Name is "For" or "ForEach"
                        ? new Loop(lambda.Syntax, lambda.Body, "Parallel." + runner.TargetMethod.Name)
                        : null;
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The argument a lambda is passed as, through the conversions to a delegate type.</summary>
    private static IArgumentOperation? ArgumentOf(IAnonymousFunctionOperation lambda)
    {
        IOperation? current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current as IArgumentOperation;
    }

    /// <summary>
    /// True when no argument reads a local declared or assigned inside the loop (out arguments aside). A local of the
    /// loop body holding a context or model that is itself created from loop-invariant arguments counts as invariant,
    /// so a whole per-iteration context/load/engine sequence is reported.
    /// </summary>
    private static bool Invariant(ImmutableArray<IArgumentOperation> arguments, SyntaxNode loop, int depth = 0)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.RefKind == RefKind.Out || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            foreach (var reference in argument.Value.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
            {
                if (reference.Local.DeclaringSyntaxReferences.Any(r => loop.Span.Contains(r.Span)))
                {
                    var values = LocalFlow.AssignedValues(reference.Local, reference);
                    var value = values.Count == 1 ? MlCall.Unwrap(values[0]) : null;
                    var created = value switch
                    {
                        IInvocationOperation { TargetMethod.Name: "Load" or "CreatePredictionEngine" } call when MlTypes.IsFromMlNet(call.TargetMethod) => call.Arguments,
                        IObjectCreationOperation { Type.Name: "MLContext" } creation when MlTypes.IsFromMlNet(creation.Type!) => creation.Arguments,
                        _ => (ImmutableArray<IArgumentOperation>?)null,
                    };

                    if (created is null || depth > 4 || !Invariant(created.Value, loop, depth + 1))
                    {
                        return false;
                    }

                    continue;
                }

                foreach (var operation in LocalFlow.Root(reference).Descendants())
                {
                    if (operation is IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local)
                        && loop.Span.Contains(assignment.Syntax.Span))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static bool Trains(IOperation body, MlTypes types)
        => body.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => MlCall.IsTraining(MlCall.Classify(i, types)));

    private sealed class Handler
    {
        public Handler(IOperation body, string description)
        {
            Body = body;
            Description = description;
        }

        public IOperation Body { get; }

        public string Description { get; }
    }

    /// <summary>The per-request code around <paramref name="operation"/>: a controller action or constructor, a Razor Pages handler, a minimal-API lambda.</summary>
    private static Handler? RequestHandler(IOperation operation, ISymbol owner, ServingTypes types)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IAnonymousFunctionOperation lambda
                && ArgumentOf(lambda) is { Parent: IInvocationOperation map }
                && map.TargetMethod.Name is "Map" or "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods"
                && map.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) == true)
            {
                return new Handler(lambda.Body, $"the minimal-API handler of '{map.TargetMethod.Name}'");
            }
        }

        var root = LocalFlow.Root(operation);
        if (owner is not IMethodSymbol { IsStatic: false } method || method.ContainingType is not { } type)
        {
            return null;
        }

        if (types.ControllerBase is not null && types.Ml.InheritsFrom(type, types.ControllerBase))
        {
            if (method.MethodKind == MethodKind.Constructor)
            {
                return new Handler(root, $"controller '{type.Name}' (its constructor runs for every request)");
            }

            if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Public
                && !method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.NonAction)))
            {
                return new Handler(root, $"controller action '{type.Name}.{method.Name}'");
            }
        }

        if (types.PageModel is not null && types.Ml.InheritsFrom(type, types.PageModel) && method.MethodKind == MethodKind.Ordinary
            && method.Name.StartsWith("On", System.StringComparison.Ordinal))
        {
            return new Handler(root, $"page handler '{type.Name}.{method.Name}'");
        }

        return null;
    }

    /// <summary>
    /// True when the flagged value is the whole initializer of a one-variable local declaration that is a statement of
    /// the loop's body block, the loop sits in a block, and the local is assigned nowhere else: the declaration can move
    /// before the loop unchanged.
    /// </summary>
    private static bool Hoistable(IOperation operation, SyntaxNode loop)
    {
        if (operation.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            || declarator.Syntax.Parent?.Parent is not LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } statement
            || statement.Parent is not BlockSyntax body || body.Parent != loop
            || loop.Parent is not BlockSyntax outer
            || LocalFlow.AssignedValues(declarator.Symbol, operation).Count != 1
            || operation.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(r => !r.IsDeclaration && r.Local.DeclaringSyntaxReferences.Any(d => loop.Span.Contains(d.Span))))
        {
            return false;
        }

        // Moving the declaration (and any out variable it declares) into the outer block must not clash with another
        // variable of the same name there.
        var names = statement.DescendantNodes()
            .Select(n => n switch
            {
                VariableDeclaratorSyntax v => v.Identifier.ValueText,
                SingleVariableDesignationSyntax d => d.Identifier.ValueText,
                _ => null,
            })
            .Where(n => n is not null)
            .ToImmutableHashSet();
        return !outer.DescendantNodes().Any(n => !statement.Span.Contains(n.Span) && n switch
        {
            VariableDeclaratorSyntax v => names.Contains(v.Identifier.ValueText),
            ForEachStatementSyntax f => names.Contains(f.Identifier.ValueText),
            SingleVariableDesignationSyntax d => names.Contains(d.Identifier.ValueText),
            ParameterSyntax p => names.Contains(p.Identifier.ValueText),
            _ => false,
        });
    }
}
