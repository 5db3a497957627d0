using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>
/// The one registry of MlCodeGuard descriptors. Tests check that every entry has a doc page under
/// docs/rules, a row in the README rule table and a line in AnalyzerReleases.Unshipped.md.
/// </summary>
public static partial class Descriptors
{
    /// <summary>Where each rule's page lives; the help link of a descriptor is this plus "MLGxxxx.md".</summary>
    public const string HelpLinkBase = "https://github.com/mlcodeguard/mlcodeguard/blob/main/docs/rules/";

    /// <summary>Every descriptor of the package, in ID order.</summary>
    /// <remarks>
    /// Collected from the static fields of every part of this partial class (one file per ID range), so adding a
    /// descriptor is one edit in one file.
    /// </remarks>
    public static ImmutableArray<DiagnosticDescriptor> All => AllHolder.Value;

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));

    // A nested holder, not a field initializer: the parts' static fields are all initialized before this runs,
    // whatever order the compiler gives the partial files.
    private static class AllHolder
    {
        internal static readonly ImmutableArray<DiagnosticDescriptor> Value = typeof(Descriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
