using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlCodeGuard.Analyzers.Rules;
using MlCodeGuard.Analyzers.Semantics;

namespace MlCodeGuard.Analyzers;

/// <summary>
/// The one analyzer the package ships: it hosts every rule (each an <see cref="MlAnalyzer"/>) in a single analyzer driver
/// scope. The compiler's analyzer driver pays per analyzer for each symbol-start scope, each symbol and each operation block
/// (it computes and walks every analyzer's actions separately); with the rules hosted here that is paid once instead of once
/// per rule, and the ML.NET types are resolved once per compilation instead of once per rule. Each rule registers exactly
/// the actions it registers when it runs alone (as the rule tests run it), so the diagnostics are the same.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MlCodeGuardAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Every rule (a test checks none is missing).</summary>
    internal static ImmutableArray<MlAnalyzer> CreateRules() => ImmutableArray.Create<MlAnalyzer>(
            new AppendResultDiscardedAnalyzer(),
            new ColumnNotFoundAnalyzer(),
            new EvaluateOnTrainingDataAnalyzer(),
            new EvaluateOnUnscoredDataAnalyzer(),
            new FeatureItemTypeMismatchAnalyzer(),
            new InvalidModelVersionAnalyzer(),
            new LabelInFeaturesAnalyzer(),
            new LabelTypeMismatchAnalyzer(),
            new LoadColumnInvalidAnalyzer(),
            new MissingCacheBeforeMultiPassTrainerAnalyzer(),
            new MissingNormalizationForLinearTrainerAnalyzer(),
            new MlModelTypeMustBePartialAnalyzer(),
            new ModelFileNotFoundAnalyzer(),
            new ModelSavedWithoutInputSchemaAnalyzer(),
            new ModelSchemaMismatchAnalyzer(),
            new MulticlassLabelNotKeyAnalyzer(),
            new NonNumericFeatureNotEncodedAnalyzer(),
            new NondeterministicTrainerUnderSeedAnalyzer(),
            new OutputClassBindingMismatchAnalyzer(),
            new PredictedLabelNotMappedBackAnalyzer(),
            new PredictionEngineLifetimeAnalyzer(),
            new PredictionEnginePerCallAnalyzer(),
            new PreprocessingFitBeforeSplitAnalyzer(),
            new SharedPredictionEngineAnalyzer(),
            new SplitWithoutSamplingKeyAnalyzer(),
            new TestDataInTrainingAnalyzer(),
            new TestSetReusedAnalyzer(),
            new UncalibratedBinaryEvaluateAnalyzer(),
            new UnseededMLContextAnalyzer(),
            new UnseededSplitOrShuffleAnalyzer(),
            new VariableLengthVectorFeatureAnalyzer());

    private readonly ImmutableArray<MlAnalyzer> _rules;

    public MlCodeGuardAnalyzer()
    {
        _rules = CreateRules();
        SupportedDiagnostics = _rules.SelectMany(r => r.SupportedDiagnostics).ToImmutableArray();
    }

    /// <summary>The rules this analyzer hosts.</summary>
    internal ImmutableArray<MlAnalyzer> Rules => _rules;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = MlTypes.TryCreate(start.Compilation);
            if (types is null)
            {
                return;
            }

            foreach (var rule in _rules)
            {
                rule.RegisterFor(start, types);
            }
        });
    }
}
