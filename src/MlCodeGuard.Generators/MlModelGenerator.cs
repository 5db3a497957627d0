using Microsoft.CodeAnalysis;
using MlCodeGuard.Analyzers.Semantics.Contract;

namespace MlCodeGuard.Generators;

/// <summary>
/// The <c>[MlModel&lt;TIn, TOut&gt;("models/churn.zip", Version = "1.2.0")]</c> generator: completes the partial class
/// with a typed loader and prediction API over MlCodeGuard.Runtime's <c>ModelHost</c>, pinning the model name from the
/// manifest beside the model (an AdditionalFiles item). Diagnostics are reported by the MLG5xxx analyzers, not here.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MlModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, asserted by the incrementality tests.</summary>
    public static class Steps
    {
        public const string Models = "MlModels";
        public const string Manifests = "Manifests";
        public const string ModelsWithManifests = "ModelsWithManifests";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelPaths.AttributeMetadataName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                static (c, ct) => Parser.Parse(c, ct))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(Steps.Models);

        var manifests = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(ModelPaths.SidecarSuffix, System.StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => Parser.ParseManifest(file, ct))
            .WithTrackingName(Steps.Manifests)
            .Collect();

        var toEmit = models
            .Combine(manifests)
            .Select(static (pair, _) => Parser.Resolve(pair.Left, pair.Right))
            .WithTrackingName(Steps.ModelsWithManifests);

        context.RegisterSourceOutput(toEmit, static (spc, model) => spc.AddSource(Emitter.HintName(model.Spec), Emitter.Emit(model)));
    }
}
