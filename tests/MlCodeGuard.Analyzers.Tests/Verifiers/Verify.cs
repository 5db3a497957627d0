using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlCodeGuard.Analyzers.Tests.Verifiers;

/// <summary>VerifyCS-style entry points: markup sources (<c>{|MLG1001:new MLContext()|}</c>), no line numbers.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Runs the analyzer over <paramref name="source"/> (usings prepended) and checks the markup diagnostics.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
        => AnalyzerAsync(source, OutputKind.DynamicallyLinkedLibrary, expected);

    public static Task AnalyzerAsync(string source, OutputKind outputKind, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(outputKind);
        test.TestState.Sources.Add(MlReferences.Usings + source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer over several files, each with the usings prepended.</summary>
    public static Task AnalyzerFilesAsync(params string[] sources)
    {
        var test = new AnalyzerTest(OutputKind.DynamicallyLinkedLibrary);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(MlReferences.Usings + source);
        }

        return test.RunAsync();
    }

    /// <summary>
    /// Runs the analyzer over several files (usings prepended to each) and checks the markup diagnostics; with
    /// <paramref name="compilerErrors"/> false the compiler's own errors are not compared, for code that does not
    /// compile as an IDE sees it mid-edit or as loose mode meets it (an attribute of another ML.NET version).
    /// </summary>
    public static Task AnalyzerFilesAsync(string[] sources, bool compilerErrors, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(OutputKind.DynamicallyLinkedLibrary);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(MlReferences.Usings + source);
        }

        if (!compilerErrors)
        {
            test.CompilerDiagnostics = CompilerDiagnostics.None;
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer on code that does not reference Microsoft.ML at all.</summary>
    public static Task WithoutMlNetAsync(string source)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = MlReferences.NoDownload,
            TestCode = source,
        };
        test.TestState.AdditionalReferences.AddRange(MlReferences.Framework);
        return test.RunAsync();
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest(OutputKind outputKind)
        {
            ReferenceAssemblies = MlReferences.NoDownload;
            TestState.AdditionalReferences.AddRange(MlReferences.All);
            TestState.OutputKind = outputKind;
        }
    }
}

public static class Verify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Applies the fix to every marked diagnostic (one by one, and with Fix All) and compares with <paramref name="fixedSource"/>.</summary>
    public static Task FixAsync(string source, string fixedSource, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new FixTest(outputKind)
        {
            TestCode = MlReferences.Usings + source,
            FixedCode = MlReferences.Usings + fixedSource,
        };
        return test.RunAsync();
    }

    /// <summary>The diagnostic is reported but no fix is offered (a shape the fix does not recognise).</summary>
    public static Task NoFixAsync(string source)
    {
        var test = new FixTest(OutputKind.DynamicallyLinkedLibrary)
        {
            TestCode = MlReferences.Usings + source,
            FixedCode = MlReferences.Usings + source,
        };
        return test.RunAsync();
    }

    private sealed class FixTest : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public FixTest(OutputKind outputKind)
        {
            ReferenceAssemblies = MlReferences.NoDownload;
            TestState.AdditionalReferences.AddRange(MlReferences.All);
            FixedState.AdditionalReferences.AddRange(MlReferences.All);
            TestState.OutputKind = outputKind;
            FixedState.OutputKind = outputKind;
        }
    }
}
