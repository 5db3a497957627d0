using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>A project without ML.NET pays nothing: each analyzer registers its compilation-start action and stops there.</summary>
public class WithoutMlNetTests
{
    private const string PlainCode = """
        using System.Collections.Generic;
        using System.Linq;

        namespace Acme.ML
        {
            public class MLContext { public MLContext(int? seed = null) { } }
            public class Estimator { public object Fit(object data) => data; }
        }

        public static class Orders
        {
            public static decimal Total(IEnumerable<decimal> lines) => lines.Sum();
            public static object Train() => new Acme.ML.Estimator().Fit(new Acme.ML.MLContext());
        }
        """;

    [Fact]
    public async Task No_action_beyond_compilation_start_runs_without_MicrosoftML()
    {
        var result = await AnalyzerHost.RunAsync(AnalyzerHost.Compile(new[] { PlainCode }, withMlNet: false), AllExtensions.Analyzers.AddRange(AllExtensions.Rules));
        Assert.Empty(result.Diagnostics);
        foreach (var analyzer in AllExtensions.Analyzers.AddRange(AllExtensions.Rules))
        {
            var telemetry = await result.Host.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.Equal(1, telemetry.CompilationStartActionsCount);
            Assert.Equal(0, telemetry.SymbolStartActionsCount + telemetry.SymbolActionsCount + telemetry.OperationActionsCount
                + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.SyntaxNodeActionsCount
                + telemetry.SyntaxTreeActionsCount + telemetry.SemanticModelActionsCount + telemetry.CodeBlockStartActionsCount
                + telemetry.CompilationEndActionsCount);
        }
    }

    [Fact]
    public async Task With_MicrosoftML_the_same_analyzers_do_register_work()
    {
        // The counterpart that shows the telemetry above can fail.
        var result = await AnalyzerHost.RunAsync(AnalyzerHost.Compile(new[] { Verifiers.MlReferences.Usings + "public class C { }" }), AllExtensions.Analyzers.AddRange(AllExtensions.Rules));
        foreach (var analyzer in AllExtensions.Analyzers.AddRange(AllExtensions.Rules))
        {
            var telemetry = await result.Host.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            // The MLG5xxx rules work on [MlModel] types (symbol actions); MlReferences.All includes MlCodeGuard.Runtime.
            Assert.True(telemetry.SymbolStartActionsCount + telemetry.SymbolActionsCount + telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.SyntaxNodeActionsCount > 0, analyzer.GetType().Name);
        }
    }
}
