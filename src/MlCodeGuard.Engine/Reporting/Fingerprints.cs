using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlCodeGuard.Engine.Reporting;

/// <summary>
/// Stable identities for results, so code scanning tracks an alert across commits. The hash covers the rule ID, the
/// root-relative path and the trimmed text of the line the diagnostic starts on, plus the occurrence index among equal
/// hashes, and never the line number: inserting lines above a finding keeps its fingerprint.
/// </summary>
public static class Fingerprints
{
    /// <summary>
    /// The primaryLocationLineHash of every located diagnostic, "hhhhhhhhhhhhhhhh:n" (16 hex digits of SHA-256 and the
    /// 1-based occurrence index in report order). Diagnostics without a location get none.
    /// </summary>
    /// <param name="diagnostics">The diagnostics in report order (as <see cref="AnalysisResult.Diagnostics"/>).</param>
    /// <returns>A fingerprint per located diagnostic.</returns>
    public static IReadOnlyDictionary<ReportedDiagnostic, string> PrimaryLocationLineHashes(IEnumerable<ReportedDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new Dictionary<ReportedDiagnostic, string>(ReferenceEqualityComparer.Instance);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.RelativePath is null)
            {
                continue;
            }

            var hash = Hash(diagnostic.Id, diagnostic.RelativePath, diagnostic.LineText);
            var occurrence = occurrences[hash] = occurrences.GetValueOrDefault(hash) + 1;
            result[diagnostic] = string.Create(CultureInfo.InvariantCulture, $"{hash}:{occurrence}");
        }

        return result;
    }

    private static string Hash(string id, string relativePath, string lineText)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(id + "\n" + relativePath + "\n" + lineText));
        return Convert.ToHexStringLower(bytes, 0, 8);
    }
}
