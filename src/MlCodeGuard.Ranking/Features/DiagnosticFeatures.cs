using System.Globalization;

namespace MlCodeGuard.Ranking.Features;

/// <summary>
/// What the ranker knows about one diagnostic at one point in time. Every value is computed only from what was known
/// at that commit (or, when ranking, from the learned history and the current source): nothing here may depend on a
/// later commit. <see cref="ToVector"/> is the model input, in the order of <see cref="Names"/>.
/// </summary>
public sealed record DiagnosticFeatures
{
    /// <summary>The names of the vector entries, in order; written to the model manifest.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "severity", "hasFix",
        "family.reproducibility", "family.leakage", "family.schema", "family.otherMlg", "family.ca", "family.ide", "family.compiler", "family.other",
        "memberKind", "isTest", "isGenerated", "memberLines", "nesting",
        "fileAgeDays", "fileChurn", "fileAuthors", "lineAgeDays", "diagnosticAgeDays",
        "rule.fixRate", "rule.suppressRate", "rule.resolved",
        "file.fixRate", "file.suppressRate",
        "folder.fixRate", "folder.suppressRate",
        "ruleInFolder.fixRate", "ruleInFolder.suppressRate", "ruleInFolder.resolved",
    ];

    /// <summary>The rule ID (e.g. MLG1001, CA2000, CS0168).</summary>
    public required string RuleId { get; init; }

    /// <summary>The rule's category as its descriptor (or SARIF rule) states it; empty when unknown.</summary>
    public string Category { get; init; } = string.Empty;

    /// <summary>Effective severity: 0 hidden, 1 info, 2 warning, 3 error.</summary>
    public int Severity { get; init; }

    /// <summary>Whether a code fix is known to exist for the rule.</summary>
    public bool HasFix { get; init; }

    /// <summary>The root-relative path of the file, '/' separated; empty without a location.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Kind of the enclosing member (see <see cref="MemberKinds"/>).</summary>
    public int MemberKind { get; init; }

    /// <summary>Whether the file is test code (a path segment or file name containing "test").</summary>
    public bool IsTest { get; init; }

    /// <summary>Whether the file is generated (.g.cs, .designer.cs, under obj/).</summary>
    public bool IsGenerated { get; init; }

    /// <summary>Lines of the enclosing member (0 when unknown).</summary>
    public int MemberLines { get; init; }

    /// <summary>How many blocks, lambdas and statements enclose the flagged code inside its member.</summary>
    public int Nesting { get; init; }

    /// <summary>Days since the file was added.</summary>
    public float FileAgeDays { get; init; }

    /// <summary>How many commits have changed the file.</summary>
    public int FileChurn { get; init; }

    /// <summary>How many distinct authors have changed the file.</summary>
    public int FileAuthors { get; init; }

    /// <summary>Days since the flagged line last changed.</summary>
    public float LineAgeDays { get; init; }

    /// <summary>Days since the diagnostic was first seen.</summary>
    public float DiagnosticAgeDays { get; init; }

    /// <summary>Past outcomes of the rule, file and folder (resolved cases known before this point).</summary>
    public OutcomeRates Rates { get; init; } = OutcomeRates.None;

    /// <summary>The model input vector, in the order of <see cref="Names"/>.</summary>
    /// <returns>A new array.</returns>
    public float[] ToVector()
    {
        var family = RuleFacts.Family(RuleId);
        return
        [
            Severity, HasFix ? 1 : 0,
            family == RuleFamily.Reproducibility ? 1 : 0,
            family == RuleFamily.Leakage ? 1 : 0,
            family == RuleFamily.Schema ? 1 : 0,
            family == RuleFamily.OtherMlg ? 1 : 0,
            family == RuleFamily.CodeAnalysis ? 1 : 0,
            family == RuleFamily.Style ? 1 : 0,
            family == RuleFamily.Compiler ? 1 : 0,
            family == RuleFamily.Other ? 1 : 0,
            MemberKind, IsTest ? 1 : 0, IsGenerated ? 1 : 0, MemberLines, Nesting,
            FileAgeDays, FileChurn, FileAuthors, LineAgeDays, DiagnosticAgeDays,
            Rates.RuleFixRate, Rates.RuleSuppressRate, MathF.Log(1 + Rates.RuleResolved),
            Rates.FileFixRate, Rates.FileSuppressRate,
            Rates.FolderFixRate, Rates.FolderSuppressRate,
            Rates.RuleInFolderFixRate, Rates.RuleInFolderSuppressRate, MathF.Log(1 + Rates.RuleInFolderResolved),
        ];
    }

    /// <inheritdoc/>
    public override string ToString()
        => string.Join(' ', Names.Zip(ToVector(), (n, v) => n + "=" + v.ToString("0.###", CultureInfo.InvariantCulture)));
}

/// <summary>Smoothed past fix and suppression rates of a rule, a file and a folder.</summary>
/// <param name="RuleFixRate">Share of the rule's resolved diagnostics that were fixed.</param>
/// <param name="RuleSuppressRate">Share of the rule's resolved diagnostics that were suppressed.</param>
/// <param name="RuleResolved">How many of the rule's diagnostics were resolved.</param>
/// <param name="FileFixRate">Share of the file's resolved diagnostics that were fixed.</param>
/// <param name="FileSuppressRate">Share of the file's resolved diagnostics that were suppressed.</param>
/// <param name="FolderFixRate">Share of the folder's resolved diagnostics that were fixed.</param>
/// <param name="FolderSuppressRate">Share of the folder's resolved diagnostics that were suppressed.</param>
/// <param name="RuleInFolderFixRate">
/// Share of the rule's resolved diagnostics in this folder that were fixed, shrunk towards what the rule's and the
/// folder's own rates predict together (a team decides per rule and per part of the code base; a pair seen a few times
/// says little on its own).
/// </param>
/// <param name="RuleInFolderSuppressRate">The same for suppressions.</param>
/// <param name="RuleInFolderResolved">How many of the rule's diagnostics in this folder were resolved.</param>
public sealed record OutcomeRates(
    float RuleFixRate,
    float RuleSuppressRate,
    float RuleResolved,
    float FileFixRate,
    float FileSuppressRate,
    float FolderFixRate,
    float FolderSuppressRate,
    float RuleInFolderFixRate = OutcomeCounts.PriorRate,
    float RuleInFolderSuppressRate = OutcomeCounts.PriorRate,
    float RuleInFolderResolved = 0)
{
    /// <summary>Rates with no history: the uninformed prior of <see cref="OutcomeCounts"/>.</summary>
    public static OutcomeRates None { get; } = new(OutcomeCounts.PriorRate, OutcomeCounts.PriorRate, 0, OutcomeCounts.PriorRate, OutcomeCounts.PriorRate, OutcomeCounts.PriorRate, OutcomeCounts.PriorRate);
}

/// <summary>The kinds of enclosing member, as numbers for the model.</summary>
public static class MemberKinds
{
    /// <summary>Not in a member (or unknown).</summary>
    public const int None = 0;

    /// <summary>A method, local function or operator.</summary>
    public const int Method = 1;

    /// <summary>A constructor or destructor.</summary>
    public const int Constructor = 2;

    /// <summary>A property, indexer or event accessor.</summary>
    public const int Property = 3;

    /// <summary>A field or event field initializer.</summary>
    public const int Field = 4;

    /// <summary>A type declaration itself (attributes, base list).</summary>
    public const int Type = 5;

    /// <summary>Top-level statements.</summary>
    public const int TopLevel = 6;
}
