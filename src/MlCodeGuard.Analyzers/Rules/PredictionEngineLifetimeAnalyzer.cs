using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Schema;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG4003, both ways an engine's lifetime goes wrong: a local engine over a model this method made (Fit, Model.Load)
/// that is never disposed and never leaves the method; or an engine that is disposed while it owns (the default) a
/// model kept in a field, property or cache, which its disposal destroys for every later caller.
/// </summary>
public sealed class PredictionEngineLifetimeAnalyzer : MlAnalyzer
{
    /// <summary>Diagnostic property: which fix applies, <see cref="AddUsing"/> or <see cref="NotOwned"/>.</summary>
    public const string FixProperty = "Fix";

    public const string AddUsing = "using";

    public const string NotOwned = "OwnsTransformer";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PredictionEngineLifetime);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        var types = ml.Serving;
        start.RegisterOperationAction(c => OnInvocation(c, types), OperationKind.Invocation);
    }

    private static void OnInvocation(OperationAnalysisContext context, ServingTypes types)
    {
        var create = (IInvocationOperation)context.Operation;
        if (!types.IsCreatePredictionEngine(create) || ServingTypes.TransformerOf(create) is not { } transformer)
        {
            return;
        }

        var declarator = (create.Parent as IVariableInitializerOperation)?.Parent as IVariableDeclaratorOperation;
        var disposed = IsUsing(declarator) || (declarator is not null && DisposedLater(declarator.Symbol, create));
        var model = MlCall.Unwrap(transformer);
        if (disposed)
        {
            if (SharedModel(model) is { } shared && OwnsTransformer(create))
            {
                var fix = create.Arguments.Count(a => a.ArgumentKind == ArgumentKind.Explicit) == 1 && types.PredictionEngineOptions is not null ? NotOwned : null;
                Report(context, create, fix,
                    $"The engine is disposed, and it owns model '{model!.Syntax}' ({shared}): disposing it disposes the shared model for every later caller; create it with new PredictionEngineOptions {{ OwnsTransformer = false }}");
            }

            return;
        }

        if (declarator is null
            || TrainingIndex.OwnerOf(context.ContainingSymbol) is IMethodSymbol { Name: "Main" or "<Main>$" }
            || !OwnedHere(model, types) || !OnlyUsedInPlace(declarator.Symbol, create))
        {
            return;
        }

        Report(context, create, AddUsing,
            $"Engine '{declarator.Symbol.Name}' over model '{model!.Syntax}', which this method creates, is never disposed: its buffers (native memory for ONNX and TensorFlow models) outlive the call; declare it with 'using'");
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation create, string? fix, string message)
    {
        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PredictionEngineLifetime, MlCall.NameLocation(create), properties, message));
    }

    private static bool IsUsing(IVariableDeclaratorOperation? declarator)
        => declarator?.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation or IUsingOperation } };

    private static bool DisposedLater(ILocalSymbol local, IOperation anywhere)
        => LocalFlow.Root(anywhere).Descendants().Any(o => o switch
        {
            IInvocationOperation { TargetMethod.Name: "Dispose", Instance: ILocalReferenceOperation target } => SymbolEqualityComparer.Default.Equals(target.Local, local),
            IUsingOperation { Resources: ILocalReferenceOperation resource } => SymbolEqualityComparer.Default.Equals(resource.Local, local),
            _ => false,
        });

    /// <summary>How the model is shared ("a field", "a static property", "a cached Lazy value"), or null.</summary>
    private static string? SharedModel(IOperation? model) => model switch
    {
        IPropertyReferenceOperation { Property.Name: "Value", Instance.Type.Name: "Lazy" } => "a cached Lazy value",
        IFieldReferenceOperation field => field.Field.IsStatic ? "a static field" : "a field",
        IPropertyReferenceOperation property => property.Property.IsStatic ? "a static property" : "a property",
        _ => null,
    };

    /// <summary>False when the call passes options whose initializer sets OwnsTransformer = false; true for the default.</summary>
    private static bool OwnsTransformer(IInvocationOperation create)
    {
        if (MlCall.Argument(create, "options") is not { } options)
        {
            return true;
        }

        if (MlCall.Unwrap(options.Value) is not IObjectCreationOperation { Initializer: { } initializer })
        {
            return MlCall.Unwrap(options.Value) is IObjectCreationOperation; // options without an initializer own.
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: "OwnsTransformer" } } assignment)
            {
                return MlCall.Unwrap(assignment.Value)?.ConstantValue is { HasValue: true, Value: true };
            }
        }

        return true;
    }

    /// <summary>The model is made in this body (Fit, Model.Load), inline or in a local that does not leave the body.</summary>
    private static bool OwnedHere(IOperation? model, ServingTypes types)
    {
        switch (model)
        {
            case IInvocationOperation invocation:
                return types.Ml.IsEstimatorFit(invocation.TargetMethod) || types.IsModelLoad(invocation);
            case ILocalReferenceOperation local:
                return LocalFlow.SingleAssignedValue(local) is { } value
                       && OwnedHere(MlCall.Unwrap(value), types)
                       && LocalFlow.Root(local).Descendants().OfType<ILocalReferenceOperation>()
                           .Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local.Local) && !r.IsDeclaration)
                           .All(r => StaysInMethod(r));
            default:
                return false;
        }
    }

    /// <summary>A model reference that does not hand the model to code that may keep it: a receiver, or an ML.NET call's argument.</summary>
    private static bool StaysInMethod(ILocalReferenceOperation reference)
    {
        if (Inside<IAnonymousFunctionOperation>(reference))
        {
            return false;
        }

        var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
        return parent switch
        {
            IInvocationOperation invocation => ReferenceEquals(MlCall.Unwrap(invocation.Instance), reference),
            IPropertyReferenceOperation => true,
            IArgumentOperation { Parent: IInvocationOperation call } => MlTypes.IsFromMlNet(call.TargetMethod),
            _ => false,
        };
    }

    /// <summary>Every use of the engine local is a member access on it, outside lambdas: it cannot be disposed elsewhere.</summary>
    private static bool OnlyUsedInPlace(ILocalSymbol engine, IOperation anywhere)
    {
        foreach (var reference in LocalFlow.Root(anywhere).Descendants().OfType<ILocalReferenceOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(reference.Local, engine) || reference.IsDeclaration)
            {
                continue;
            }

            if (Inside<IAnonymousFunctionOperation>(reference)
                || reference.Parent is not (IInvocationOperation or IPropertyReferenceOperation)
                || (reference.Parent is IInvocationOperation invocation && !ReferenceEquals(invocation.Instance, reference)))
            {
                return false;
            }
        }

        return LocalFlow.AssignedValues(engine, anywhere).Count == 1;
    }

    private static bool Inside<T>(IOperation operation)
        where T : IOperation
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is T)
            {
                return true;
            }
        }

        return false;
    }
}
