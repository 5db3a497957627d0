using System.Text.RegularExpressions;

namespace MlCodeGuard.Analyzers.Semantics.Contract;

/// <summary>Semantic Versioning 2.0 at compile time, with the same pattern and precedence as the runtime's <c>SemanticVersion</c>.</summary>
internal static class SemVer
{
    // The regular expression semver.org publishes, anchored (the runtime uses the same one).
    private static readonly Regex Pattern = new(
        @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)" +
        @"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
        @"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
        RegexOptions.CultureInvariant);

    public static bool IsValid(string? text) => text is not null && Pattern.IsMatch(text);

    /// <summary>Same precedence (build metadata ignored), as the runtime's loader compares an expected version.</summary>
    public static bool SamePrecedence(string a, string b) => StripBuild(a) == StripBuild(b);

    public static string Major(string version) => version.Substring(0, version.IndexOf('.'));

    private static string StripBuild(string version)
    {
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
