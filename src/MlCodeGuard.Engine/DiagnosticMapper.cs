using System.Globalization;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Engine;

/// <summary>Turns a Roslyn diagnostic into a <see cref="ReportedDiagnostic"/> with 1-based positions and a root-relative path.</summary>
internal static class DiagnosticMapper
{
    public static ReportedDiagnostic Map(Diagnostic diagnostic, string root, IReadOnlyDictionary<string, DiagnosticDescriptor> rules)
    {
        var descriptor = rules.TryGetValue(diagnostic.Id, out var known) ? known : diagnostic.Descriptor;
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        var location = diagnostic.Location;
        if (!location.IsInSource || location.SourceTree is null)
        {
            return new ReportedDiagnostic(diagnostic.Id, diagnostic.Severity, message, descriptor, null, null, 0, 0, 0, 0, string.Empty);
        }

        var span = location.GetLineSpan();
        var filePath = string.IsNullOrEmpty(span.Path) ? location.SourceTree.FilePath : span.Path;
        var text = location.SourceTree.GetText();
        var lineIndex = span.StartLinePosition.Line;
        var lineText = lineIndex < text.Lines.Count ? text.Lines[lineIndex].ToString().Trim() : string.Empty;

        return new ReportedDiagnostic(
            diagnostic.Id,
            diagnostic.Severity,
            message,
            descriptor,
            filePath,
            RelativePath(root, filePath),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1,
            lineText);
    }

    /// <summary>The path relative to <paramref name="root"/> with '/' separators, or the full path when outside it.</summary>
    internal static string RelativePath(string root, string filePath)
    {
        var relative = Path.GetRelativePath(root, filePath);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return filePath.Replace('\\', '/');
        }

        return relative.Replace('\\', '/');
    }
}
