using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Serving;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG4001: a <c>PredictionEngine</c> reachable from several threads at once: a static member (also through a
/// <c>Lazy</c>), a singleton DI registration, a field of a singleton service, or a capture by <c>Parallel.*</c>, PLINQ or
/// a <c>Task.Run</c> started per item. An error in ASP.NET Core apps. Engines used only under a <c>lock</c>, marked
/// <c>[ThreadStatic]</c>, or kept in a <c>ThreadLocal</c>, an object pool or a local are not reported.
/// </summary>
public sealed class SharedPredictionEngineAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SharedPredictionEngine);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        if (ml.PredictionEngine is null)
        {
            return;
        }

        var state = new CompilationState(ml.Serving, start.Compilation);
        TypeScope.Register(start, ml, state.OnTypeStart);
        start.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
    }

    private sealed class CompilationState
    {
        private static readonly string[] SingletonRegistrations = { "AddSingleton", "TryAddSingleton" };

        private readonly ServingTypes _types;
        private readonly Lazy<HashSet<string>> _singletonTypeNames;

        public CompilationState(ServingTypes types, Compilation compilation)
        {
            _types = types;
            _singletonTypeNames = new Lazy<HashSet<string>>(() => SingletonTypeNames(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private DiagnosticSeverity Severity => _types.IsAspNetCore ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;

        // Members are judged at the type's end, once every reference inside the type is known: an engine that is only
        // ever touched under a lock is shared safely.
        public void OnTypeStart(TypeScope context)
        {
            var type = context.Type;
            var candidates = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            foreach (var member in type.GetMembers())
            {
                if (Why(type, member) is { } why)
                {
                    candidates[member] = why;
                }
            }

            if (candidates.Count == 0)
            {
                return;
            }

            var unlocked = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
            context.OnOperation(
                c =>
                {
                    var member = c.Operation switch
                    {
                        IFieldReferenceOperation field => (ISymbol)field.Field,
                        IPropertyReferenceOperation property => property.Property,
                        _ => null,
                    };

                    if (member is not null && candidates.ContainsKey(member.OriginalDefinition)
                        && TrainingIndex.OwnerOf(c.ContainingSymbol) is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
                        && !UnderLock(c.Operation))
                    {
                        unlocked[member.OriginalDefinition] = true;
                    }
                },
                OperationKind.FieldReference,
                OperationKind.PropertyReference);

            context.OnEnd(end =>
            {
                foreach (var pair in candidates)
                {
                    var member = pair.Key;
                    if ((member.DeclaredAccessibility == Accessibility.Private && !unlocked.ContainsKey(member))
                        || member.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
                    {
                        continue;
                    }

                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.SharedPredictionEngine, location, Severity, null, null, pair.Value));
                }
            });
        }

        /// <summary>Why a member shares an engine between threads, or null.</summary>
        private string? Why(INamedTypeSymbol type, ISymbol member)
        {
            ITypeSymbol memberType;
            string kind;
            switch (member)
            {
                case IFieldSymbol { IsImplicitlyDeclared: false, IsConst: false } field:
                    memberType = field.Type;
                    kind = "field";
                    break;
                case IPropertySymbol { IsIndexer: false } property:
                    memberType = property.Type;
                    kind = "property";
                    break;
                default:
                    return null;
            }

            var lazy = _types.IsLazyEngine(memberType);
            if ((!lazy && !_types.IsPredictionEngine(memberType)) || (member is IPropertySymbol computed && !IsAutoProperty(computed)))
            {
                return null; // not an engine, or a property that computes its value on every read.
            }

            if (member.IsStatic)
            {
                if (member.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _types.ThreadStatic)))
                {
                    return null; // one engine per thread.
                }

                return lazy
                    ? $"is shared through static Lazy {kind} '{member.Name}'"
                    : $"is stored in static {kind} '{member.Name}'";
            }

            if (IsSingleton(type) is { } singleton)
            {
                return $"is {(lazy ? "shared through Lazy " : "stored in ")}{kind} '{member.Name}' of '{type.Name}', {singleton}";
            }

            return null;
        }

        private static bool IsAutoProperty(IPropertySymbol property)
            => property.ContainingType.GetMembers().OfType<IFieldSymbol>()
                .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

        /// <summary>How the type lives as one instance for the whole app, or null.</summary>
        private string? IsSingleton(INamedTypeSymbol type)
        {
            return _singletonTypeNames.Value.Contains(type.Name) ? "which is registered as a singleton service" : null;
        }

        /// <summary>
        /// The types registered as singletons anywhere in the compilation (<c>AddSingleton&lt;TService, TImpl&gt;()</c>,
        /// <c>AddSingleton(new T(...))</c>, <c>AddSingleton(typeof(T))</c>), by
        /// simple name: a syntax walk, so no other tree is bound.
        /// </summary>
        private static HashSet<string> SingletonTypeNames(Compilation compilation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    var name = call.Expression switch
                    {
                        MemberAccessExpressionSyntax member => member.Name,
                        SimpleNameSyntax simple => simple,
                        _ => null,
                    };

                    if (name is null || Array.IndexOf(SingletonRegistrations, name.Identifier.ValueText) < 0)
                    {
                        continue;
                    }

                    if (name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count > 0
                        && SimpleName(generic.TypeArgumentList.Arguments[generic.TypeArgumentList.Arguments.Count - 1]) is { } implementation)
                    {
                        names.Add(implementation);
                    }

                    foreach (var argument in call.ArgumentList.Arguments)
                    {
                        var type = argument.Expression switch
                        {
                            ObjectCreationExpressionSyntax creation => creation.Type,
                            TypeOfExpressionSyntax typeOf => typeOf.Type,
                            _ => null,
                        };

                        if (type is not null && SimpleName(type) is { } registered)
                        {
                            names.Add(registered);
                        }
                    }
                }
            }

            return names;
        }

        private static string? SimpleName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (Array.IndexOf(SingletonRegistrations, method.Name) >= 0)
            {
                if (IsDependencyInjection(method) && RegistersEngine(invocation))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.SharedPredictionEngine, MlCall.NameLocation(invocation), Severity, null, null,
                        $"is registered as a singleton service ('{method.Name}'): every request resolves the same instance"));
                }

                return;
            }

            if (ConcurrentRunner(invocation) is not { } runner)
            {
                return;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (MlCall.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
                {
                    ReportCaptures(context, lambda, runner);
                }
            }
        }

        private static bool IsDependencyInjection(IMethodSymbol method)
            => method.ContainingNamespace?.ToDisplayString() is "Microsoft.Extensions.DependencyInjection" or "Microsoft.Extensions.DependencyInjection.Extensions";

        private bool RegistersEngine(IInvocationOperation invocation)
            => invocation.TargetMethod.TypeArguments.Any(t => _types.IsPredictionEngine(t) || _types.IsLazyEngine(t))
               || invocation.Arguments.Any(a => _types.IsPredictionEngine(MlCall.Unwrap(a.Value)?.Type));

        /// <summary>The name of a call that runs its delegate arguments on several threads at once, or null.</summary>
        private string? ConcurrentRunner(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var owner = method.ContainingType?.OriginalDefinition;
            if (owner is null)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(owner, _types.Parallel))
            {
                return "Parallel." + method.Name;
            }

            if (SymbolEqualityComparer.Default.Equals(owner, _types.ParallelEnumerable))
            {
                return "the PLINQ query's '" + method.Name + "'";
            }

            // One Task.Run offloads one call; Task.Run started for every item of a loop or a Select runs them together.
            if ((SymbolEqualityComparer.Default.Equals(owner, _types.Task) && method.Name == "Run")
                || (SymbolEqualityComparer.Default.Equals(owner, _types.TaskFactory) && method.Name == "StartNew"))
            {
                return PerItem(invocation) ? (owner.Name == "Task" ? "Task.Run" : "Task.Factory.StartNew") + " started for every item" : null;
            }

            return null;
        }

        private static bool PerItem(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILoopOperation:
                        return true;
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Parent?.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Select" } };
                    case ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }

        private void ReportCaptures(OperationAnalysisContext context, IAnonymousFunctionOperation lambda, string runner)
        {
            var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in lambda.Body.Descendants())
            {
                ISymbol? shared = operation switch
                {
                    ILocalReferenceOperation local when _types.IsPredictionEngine(local.Type) && !DeclaredInside(local.Local, lambda) => local.Local,
                    IParameterReferenceOperation parameter when _types.IsPredictionEngine(parameter.Type)
                        && !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol) => parameter.Parameter,

                    // Static members are reported where they are declared.
                    IFieldReferenceOperation { Field.IsStatic: false } field when _types.IsPredictionEngine(field.Type) => field.Field,
                    IPropertyReferenceOperation { Property.IsStatic: false } property when _types.IsPredictionEngine(property.Type) => property.Property,
                    _ => null,
                };

                if (shared is null || UnderLock(operation) || !reported.Add(shared))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SharedPredictionEngine, operation.Syntax.GetLocation(), Severity, null, null,
                    $"'{shared.Name}' is captured by {runner}, whose delegates run on several threads at once"));
            }
        }

        private static bool DeclaredInside(ILocalSymbol local, IAnonymousFunctionOperation lambda)
            => local.DeclaringSyntaxReferences.Any(r => lambda.Syntax.Span.Contains(r.Span));

        private static bool UnderLock(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILockOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
