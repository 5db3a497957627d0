using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG5004: the version in <c>[MlModel]</c> or in the model's manifest is not SemVer 2.0, or the two disagree.
/// Reported on the <c>Version = "..."</c> value (on the path argument when only the manifest is at fault).
/// </summary>
public sealed class InvalidModelVersionAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidModelVersion);

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
            var declaredValid = model.Version is null || SemVer.IsValid(model.Version);
            if (!declaredValid)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidModelVersion, model.VersionLocation,
                    $"Version '{model.Version}' in [MlModel] is not a Semantic Versioning 2.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])"));
            }

            if (model.Path is null || contract.FindManifest(model.Path, context.CancellationToken).Manifest is not { } manifest)
            {
                continue;
            }

            var manifestName = ModelPaths.SidecarOf(model.Path);
            if (!SemVer.IsValid(manifest.Version))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidModelVersion, model.PathLocation,
                    $"The manifest '{manifestName}' says version '{manifest.Version ?? "(none)"}', which is not a Semantic Versioning 2.0 version"));
            }
            else if (declaredValid && model.Version is not null && !SemVer.SamePrecedence(model.Version, manifest.Version!))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidModelVersion, model.VersionLocation,
                    $"[MlModel] says version {model.Version}, but the manifest '{manifestName}' says {manifest.Version}: the generated loader would refuse the model at start-up"));
            }
        }
    }
}
