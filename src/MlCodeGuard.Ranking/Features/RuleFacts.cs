using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Ranking.Features;

/// <summary>Rule families: the unit the embedded default prior is given for.</summary>
public enum RuleFamily
{
    /// <summary>MLG1xxx: reproducibility.</summary>
    Reproducibility,

    /// <summary>MLG2xxx: leakage.</summary>
    Leakage,

    /// <summary>MLG3xxx: schema (ML.NET throws at run time).</summary>
    Schema,

    /// <summary>Any other MLG rule.</summary>
    OtherMlg,

    /// <summary>.NET code analysis (CA).</summary>
    CodeAnalysis,

    /// <summary>IDE code-style rules.</summary>
    Style,

    /// <summary>Compiler warnings (CS).</summary>
    Compiler,

    /// <summary>Anything else (third-party analyzers).</summary>
    Other,
}

/// <summary>What is known about a rule from its ID alone.</summary>
public static class RuleFacts
{
    // The MLG rules whose catalog entry names a code fix (README's rule table).
    private static readonly HashSet<string> s_mlgWithFix = new(StringComparer.Ordinal)
    {
        "MLG1001", "MLG1002", "MLG1003", "MLG2001", "MLG2002", "MLG2003", "MLG2005", "MLG2006",
        "MLG3001", "MLG3004", "MLG3006", "MLG3009", "MLG3010", "MLG3011", "MLG3012",
    };

    /// <summary>The family of a rule ID.</summary>
    /// <param name="ruleId">The rule ID.</param>
    /// <returns>Its family.</returns>
    public static RuleFamily Family(string ruleId)
    {
        if (ruleId.StartsWith("MLG", StringComparison.Ordinal))
        {
            return ruleId.Length > 3 ? ruleId[3] switch
            {
                '1' => RuleFamily.Reproducibility,
                '2' => RuleFamily.Leakage,
                '3' => RuleFamily.Schema,
                _ => RuleFamily.OtherMlg,
            } : RuleFamily.OtherMlg;
        }

        if (ruleId.StartsWith("CA", StringComparison.Ordinal))
        {
            return RuleFamily.CodeAnalysis;
        }

        if (ruleId.StartsWith("IDE", StringComparison.Ordinal))
        {
            return RuleFamily.Style;
        }

        return ruleId.StartsWith("CS", StringComparison.Ordinal) ? RuleFamily.Compiler : RuleFamily.Other;
    }

    /// <summary>Whether a code fix is known for the rule: the MLG rules with one, and the IDE rules (all ship fixes).</summary>
    /// <param name="ruleId">The rule ID.</param>
    /// <returns>True when a fix exists.</returns>
    public static bool HasFix(string ruleId) => s_mlgWithFix.Contains(ruleId) || ruleId.StartsWith("IDE", StringComparison.Ordinal);

    /// <summary>The severity as the feature number: 0 hidden, 1 info, 2 warning, 3 error.</summary>
    /// <param name="severity">The Roslyn severity.</param>
    /// <returns>The number.</returns>
    public static int SeverityValue(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => 3,
        DiagnosticSeverity.Warning => 2,
        DiagnosticSeverity.Info => 1,
        _ => 0,
    };

    /// <summary>The severity number of a SARIF level (error, warning, note, none).</summary>
    /// <param name="level">The level; null means SARIF's default, warning.</param>
    /// <returns>The number.</returns>
    public static int SeverityValue(string? level) => level switch
    {
        "error" => 3,
        null or "warning" => 2,
        "note" => 1,
        _ => 0,
    };

    /// <summary>Whether a path is test code: a segment or file name containing "test".</summary>
    /// <param name="path">A '/' or '\' separated path.</param>
    /// <returns>True for test code.</returns>
    public static bool IsTestPath(string path) => path.Contains("test", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a path is generated code (.g.cs, .designer.cs, .generated.cs, or under obj/).</summary>
    /// <param name="path">A '/' or '\' separated path.</param>
    /// <returns>True for generated code.</returns>
    public static bool IsGeneratedPath(string path)
    {
        var normalized = path.Replace('\\', '/');
        return normalized.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
            || normalized.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase)
            || normalized.EndsWith(".generated.cs", StringComparison.OrdinalIgnoreCase)
            || normalized.StartsWith("obj/", StringComparison.OrdinalIgnoreCase)
            || normalized.Contains("/obj/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The folder of a '/' separated path ("" at the root).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The folder.</returns>
    public static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
