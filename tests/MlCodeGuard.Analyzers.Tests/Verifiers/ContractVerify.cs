using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlCodeGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// MLG5xxx tests: markup sources that use <c>[MlModel&lt;TIn, TOut&gt;]</c> from MlCodeGuard.Runtime, plus the project's
/// AdditionalFiles (model zip and manifest), as <c>(path, text)</c> pairs.
/// </summary>
public static class ContractVerify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public const string Usings = """
        using Microsoft.ML.Data;
        using MlCodeGuard.Runtime;

        """;

    public static Task AnalyzerAsync(string source, (string Path, string Text)[] additionalFiles, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = MlReferences.NoDownload,
        };
        test.TestState.AdditionalReferences.AddRange(MlReferences.All);
        test.TestState.Sources.Add(Usings + source);
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A manifest as <c>ModelPackage.Save</c> writes it, with the given version and schemas.</summary>
    public static string Manifest(string version, string inputSchema, string outputSchema, string name = "taxi-fare") => $$"""
        {
          "formatVersion": 1,
          "name": "{{name}}",
          "version": "{{version}}",
          "createdUtc": "2026-11-26T12:00:00+00:00",
          "mlNetVersion": "5.0.1",
          "inputSchema": [ {{inputSchema}} ],
          "outputSchema": [ {{outputSchema}} ],
          "payloadHashAlgorithm": "sha256:zip-entries-v1",
          "payloadSha256": "00",
          "packageSha256": "00",
          "monitoring": {}
        }
        """;

    public static string Column(string name, string itemType, int? vectorSize = null, bool isKey = false)
        => $$"""{ "name": "{{name}}", "itemType": "{{itemType}}", "isVector": {{(vectorSize is null ? "false" : "true")}}{{(vectorSize is { } n ? ", \"vectorSize\": " + n : "")}}, "isKey": {{(isKey ? "true" : "false")}} }""";
}
