using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Diagnostics;
using MlCodeGuard.Analyzers.Semantics;
using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Analyzers.Rules;

/// <summary>
/// MLG5003: the schema recorded in the model's manifest (an AdditionalFiles item) against the <c>[MlModel]</c> input
/// and output types. Reported on the type argument (TIn or TOut) of the attribute, with the member as an additional
/// location when it is in source.
/// </summary>
/// <remarks>
/// Input: a member whose column the model's input schema has must have the same item type and vector size. The input
/// schema ML.NET stores also lists columns prediction does not read (the label), so a column the C# type lacks is left
/// to the runtime's check. Output: every member must be a column of the output schema with the same item type; an
/// array without [VectorType] takes any size.
/// </remarks>
public sealed class ModelSchemaMismatchAnalyzer : MlAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ModelSchemaMismatch);

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
            if (model.Path is null || contract.FindManifest(model.Path, context.CancellationToken).Manifest is not { } manifest)
            {
                continue;
            }

            var manifestName = ModelPaths.SidecarOf(model.Path);
            if (model.Input.TypeKind != TypeKind.Error)
            {
                var columns = manifest.InputSchema.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Last());
                foreach (var column in ClrSchema.Of(model.Input))
                {
                    if (columns.TryGetValue(column.Name, out var recorded) && !Fits(column, recorded, output: false))
                    {
                        Report(context, model, 0, "Input", column, $"is {column.Describe()} in C#, but the manifest '{manifestName}' says the model reads {recorded.Describe()}");
                    }
                }
            }

            if (model.Output.TypeKind != TypeKind.Error)
            {
                // ML.NET binds the last column of a name: a later step shadows an earlier one.
                var columns = manifest.OutputSchema.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Last());
                foreach (var column in ClrSchema.Of(model.Output))
                {
                    if (!columns.TryGetValue(column.Name, out var recorded))
                    {
                        Report(context, model, 1, "Output", column, $"is not produced by the model: the manifest '{manifestName}' lists {List(manifest.OutputSchema)}");
                    }
                    else if (!Fits(column, recorded, output: true))
                    {
                        Report(context, model, 1, "Output", column, $"is {column.Describe()} in C#, but the manifest '{manifestName}' says the model produces {recorded.Describe()}");
                    }
                }
            }
        }
    }

    private static bool Fits(ClrColumn clr, ManifestColumn recorded, bool output)
    {
        if (clr.ItemType is null || clr.IsVector != recorded.IsVector)
        {
            return false;
        }

        // Key-ness must agree too, as the runtime's loader requires: a key read into a plain uint is refused there.
        if (clr.ItemType != recorded.ItemType || clr.IsKey != recorded.IsKey)
        {
            return false;
        }

        if (!clr.IsVector)
        {
            return true;
        }

        var recordedSize = recorded.VectorSize ?? 0;
        // Output: an array without [VectorType] takes any size. Input: the sizes must agree when the model's is known.
        return output ? clr.VectorSize == 0 || clr.VectorSize == recordedSize : recordedSize == 0 || clr.VectorSize == recordedSize;
    }

    private static void Report(SymbolAnalysisContext context, MlModelDeclaration model, int typeArgument, string side, ClrColumn column, string what)
    {
        var member = column.Member.Locations.Where(l => l.IsInSource).ToArray();
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ModelSchemaMismatch, model.TypeArgumentLocation(typeArgument), member,
            side, column.Name, column.Member.ContainingType.Name + "." + column.Member.Name, what));
    }

    private static string List(IReadOnlyList<ManifestColumn> columns)
        => columns.Count == 0 ? "no output columns" : string.Join(", ", columns.Select(c => c.Name));
}
