using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG5002: the model package named by <c>[MlModel]</c>, or its manifest, is not an AdditionalFiles item, so the
/// contract cannot be checked at compile time. Reported on the path argument.
/// </summary>
public sealed class ModelFileNotFoundAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ModelFileNotFound);

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
        foreach (var model in MlModelDeclaration.Read((INamedTypeSymbol)context.Symbol, contract.AttributeType, context.CancellationToken))
        {
            if (string.IsNullOrWhiteSpace(model.Path))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ModelFileNotFound, model.PathLocation,
                    "Model file", model.Path ?? "", "[MlModel] names no model file"));
                continue;
            }

            if (contract.FindFile(model.Path!) is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ModelFileNotFound, model.PathLocation,
                    "Model file", model.Path, "add it (and its manifest) as <AdditionalFiles> so the contract is checked at compile time"));
            }
            else if (!contract.FindManifest(model.Path!, context.CancellationToken).Found)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ModelFileNotFound, model.PathLocation,
                    "Manifest", ModelPaths.SidecarOf(model.Path!), "without it the model's schema and version cannot be checked at compile time"));
            }
        }
    }
}
