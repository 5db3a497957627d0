using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG1001: <c>new MLContext()</c> (or <c>seed: null</c>) whose context trains. The creation's own member must train,
/// or the context must escape to a field, property or return value of a type that trains. Inference-only code stays quiet.
/// </summary>
public sealed class UnseededMLContextAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnseededMLContext);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes types)
    {
        Semantics.TypeScope.Register(start, types, scope => new Scope(scope));
    }

    private sealed class Scope
    {
        private readonly MlTypes _types;
        private readonly TrainingIndex _training;
        // Created on the first unseeded creation: most types have none.
        private ConcurrentQueue<(IObjectCreationOperation Creation, ISymbol Owner)>? _creations;

        public Scope(Semantics.TypeScope scope)
        {
            _types = scope.Types;
            _training = scope.Training;
            scope.OnOperation(OnObjectCreation, OperationKind.ObjectCreation);
            scope.OnEnd(OnTypeEnd);
        }

        private void OnObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (_types.IsMLContext(creation.Type) && SeedFlow.IsUnseededCreation(creation))
            {
                System.Threading.LazyInitializer.EnsureInitialized(ref _creations, () => new())!.Enqueue((creation, TrainingIndex.OwnerOf(context.ContainingSymbol)));
            }
        }

        private void OnTypeEnd(TypeEndContext context)
        {
            if (_creations is null)
            {
                return;
            }

            string? typeEvidence = null;
            var typeEvidenceComputed = false;
            foreach (var (creation, owner) in _creations)
            {
                var evidence = _training.EvidenceFor(owner);
                var scope = "method";
                if (evidence is null && EscapesToType(creation))
                {
                    if (!typeEvidenceComputed)
                    {
                        typeEvidence = _training.EvidenceForType();
                        typeEvidenceComputed = true;
                    }

                    evidence = typeEvidence;
                    scope = "type";
                }

                if (evidence is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnseededMLContext, creation.Syntax.GetLocation(), scope, evidence));
                }
            }
        }

        /// <summary>The context is stored in a field or property, or returned, so any member of the type may train with it.</summary>
        private bool EscapesToType(IOperation creation)
        {
            var parent = creation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IFieldInitializerOperation or IPropertyInitializerOperation or IReturnOperation:
                    return true;
                case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation }:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return LocalEscapes(declarator.Symbol, declarator);
                default:
                    return false;
            }
        }

        private static bool LocalEscapes(ILocalSymbol local, IOperation anywhere)
        {
            foreach (var operation in LocalFlow.Root(anywhere).Descendants())
            {
                var value = operation switch
                {
                    IReturnOperation ret => ret.ReturnedValue,
                    ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment => assignment.Value,
                    _ => null,
                };

                if (MlCall.Unwrap(value) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
