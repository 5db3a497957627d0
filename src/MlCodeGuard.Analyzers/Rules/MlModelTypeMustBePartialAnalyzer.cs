using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG5001: <c>[MlModel]</c> on a class the generator cannot complete: not partial, nested in a type that is not
/// partial, generic, or static. Reported on the class name.
/// </summary>
public sealed class MlModelTypeMustBePartialAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MlModelTypeMustBePartial);

    private protected override void OnMlCompilationStart(CompilationStartAnalysisContext start, MlTypes ml)
    {
        if (ContractContext.TryCreate(start.Compilation, start.Options) is not { } contract)
        {
            return;
        }

        start.RegisterSymbolAction(c => OnType(c, contract), SymbolKind.NamedType);
    }

    private static void OnType(SymbolAnalysisContext context, ContractContext contract)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!MlModelDeclaration.Read(type, contract.AttributeType, context.CancellationToken).Any())
        {
            return;
        }

        var problem = Problem(type);
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MlModelTypeMustBePartial, type.Locations.FirstOrDefault(), type.Name, problem));
        }
    }

    /// <summary>Why the generator cannot complete <paramref name="type"/>, or null. The generator applies the same test.</summary>
    internal static string? Problem(INamedTypeSymbol type)
    {
        if (!IsPartial(type))
        {
            return "is not partial";
        }

        if (type.IsGenericType)
        {
            return "is generic";
        }

        if (type.IsStatic)
        {
            return "is static";
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                return $"is nested in '{outer.Name}', which is not partial";
            }

            if (outer.IsGenericType)
            {
                return $"is nested in generic type '{outer.Name}'";
            }
        }

        return null;
    }

    private static bool IsPartial(INamedTypeSymbol type)
        => type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
}
