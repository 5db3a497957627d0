using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Benchmarks.ControlAnalyzers;

/// <summary>
/// A control for the analyzer-time benchmarks (<c>csc ... controls=</c>, and <c>control-MODE</c> in process): registers
/// what MlCodeGuard's rule host registers, up to a chosen depth, with callbacks that do nothing, so the time it adds is
/// the analyzer driver's (and the runtime's) alone. In a compiler the depth comes from the global analyzer config key
/// <c>mlguard_control</c>:
/// <c>start</c> resolves <c>Microsoft.ML.MLContext</c> at compilation start and registers nothing more;
/// <c>ops</c> adds one compilation-level operation action over the operation kinds the host's type scope listens to;
/// <c>typescope</c> instead opens a symbol-start scope per named type with that operation action, an operation-block
/// action and a symbol-end action (the shape of MlCodeGuard's <c>TypeScope</c>);
/// <c>startend</c> registers the operation action for the whole compilation and a symbol-start scope with only a
/// symbol-end action (a scope kept only to know when a type ends);
/// <c>walk</c> registers no scope but one symbol action per named type that gets each member body's operation from the
/// compilation's semantic model and visits it (the alternative measured in benchmarks/README.md);
/// <c>blockstart</c> registers a compilation-level operation-block-start action with an operation action and a block-end
/// action (the shape of <c>TypeScope</c> in a build); <c>opsblock</c> a compilation-level operation action and
/// operation-block action; <c>symaction</c> a compilation-level operation action and a named-type symbol action.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ControlAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "MLGCTRL", "Control (never reported)", "Control (never reported)", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(
        OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);

    private readonly string? _mode;

    /// <summary>The control a compiler loads: its depth comes from the global option <c>mlguard_control</c>.</summary>
    public ControlAnalyzer()
    {
    }

    /// <summary>A control of a fixed depth, for the in-process harness (which passes no analyzer config).</summary>
    /// <param name="mode"><c>start</c>, <c>ops</c>, <c>startend</c>, <c>typescope</c>, <c>walk</c>, <c>blockstart</c>, <c>opsblock</c> or <c>symaction</c>.</param>
    public ControlAnalyzer(string mode) => _mode = mode;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") is null)
            {
                return;
            }

            var mode = _mode;
            if (mode is null)
            {
                start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("mlguard_control", out mode);
            }

            switch (mode)
            {
                case "ops":
                    start.RegisterOperationAction(static _ => { }, Kinds);
                    break;
                case "typescope":
                    start.RegisterSymbolStartAction(
                        static symbol =>
                        {
                            symbol.RegisterOperationAction(static _ => { }, Kinds);
                            symbol.RegisterOperationBlockAction(static _ => { });
                            symbol.RegisterSymbolEndAction(static _ => { });
                        },
                        SymbolKind.NamedType);
                    break;
                case "startend":
                    start.RegisterOperationAction(static _ => { }, Kinds);
                    start.RegisterSymbolStartAction(static symbol => symbol.RegisterSymbolEndAction(static _ => { }), SymbolKind.NamedType);
                    break;
                case "walk":
                    start.RegisterSymbolAction(Walk, SymbolKind.NamedType);
                    break;
                case "blockstart":
                    start.RegisterOperationBlockStartAction(static block =>
                    {
                        block.RegisterOperationAction(static _ => { }, Kinds);
                        block.RegisterOperationBlockEndAction(static _ => { });
                    });
                    break;
                case "opsblock":
                    start.RegisterOperationAction(static _ => { }, Kinds);
                    start.RegisterOperationBlockAction(static _ => { });
                    break;
                case "symaction":
                    start.RegisterOperationAction(static _ => { }, Kinds);
                    start.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType);
                    break;
            }
        });
    }

    /// <summary>The <c>walk</c> depth: one symbol action per type that binds every member body itself and visits its operations.</summary>
    private static void Walk(SymbolAnalysisContext context)
    {
        var visited = 0;
        foreach (var member in ((INamedTypeSymbol)context.Symbol).GetMembers())
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(context.CancellationToken);
#pragma warning disable RS1030 // the measured alternative to operation actions binds the bodies itself
                var model = context.Compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                var root = member is IFieldSymbol or IPropertySymbol
                    ? node.ChildNodes().FirstOrDefault(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax)
                    : node;
                if (root is not null && model.GetOperation(root, context.CancellationToken) is { } operation)
                {
                    foreach (var _ in operation.DescendantsAndSelf())
                    {
                        visited++;
                    }
                }
            }
        }

        GC.KeepAlive(visited);
    }
}
