using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MlCodeGuard.Runtime;

/// <summary>
/// A version number that follows Semantic Versioning 2.0.0 (https://semver.org): <c>MAJOR.MINOR.PATCH</c>, an optional
/// pre-release after <c>-</c> and optional build metadata after <c>+</c>.
/// </summary>
/// <remarks>
/// Precedence follows the specification: build metadata is ignored, a pre-release sorts before its release, and
/// pre-release identifiers compare numerically when both are numeric and ordinally otherwise. Equality is precedence
/// equality plus equal build metadata, so two versions that differ only in build metadata are not equal but compare as 0.
/// </remarks>
public sealed class SemanticVersion : IEquatable<SemanticVersion>, IComparable<SemanticVersion>
{
    // The regular expression the specification itself publishes (semver.org, FAQ), anchored.
    private static readonly Regex Pattern = new(
        @"^(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)" +
        @"(?:-(?<pre>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
        @"(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private SemanticVersion(long major, long minor, long patch, string preRelease, string buildMetadata)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        BuildMetadata = buildMetadata;
    }

    /// <summary>The major version: incremented for changes that break consumers (for a model: its schema).</summary>
    public long Major { get; }

    /// <summary>The minor version.</summary>
    public long Minor { get; }

    /// <summary>The patch version.</summary>
    public long Patch { get; }

    /// <summary>The pre-release identifiers without the leading <c>-</c>, or an empty string.</summary>
    public string PreRelease { get; }

    /// <summary>The build metadata without the leading <c>+</c>, or an empty string.</summary>
    public string BuildMetadata { get; }

    /// <summary>Whether the version has pre-release identifiers.</summary>
    public bool IsPreRelease => PreRelease.Length != 0;

    /// <summary>Parses a SemVer 2.0 version.</summary>
    /// <param name="text">The version text, for example <c>1.4.0-rc.1+build.7</c>.</param>
    /// <returns>The parsed version.</returns>
    /// <exception cref="FormatException">The text is not a SemVer 2.0 version; the message quotes it.</exception>
    public static SemanticVersion Parse(string text)
    {
        if (TryParse(text, out var version))
        {
            return version;
        }

        throw new FormatException($"'{text}' is not a Semantic Versioning 2.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]).");
    }

    /// <summary>Tries to parse a SemVer 2.0 version.</summary>
    /// <param name="text">The version text.</param>
    /// <param name="version">The parsed version, or <see langword="null"/> when the text is not valid.</param>
    /// <returns><see langword="true"/> when the text is a valid SemVer 2.0 version.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }

        var match = Pattern.Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(match.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(match.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }

        version = new SemanticVersion(major, minor, patch, match.Groups["pre"].Value, match.Groups["build"].Value);
        return true;
    }

    /// <summary>Compares by SemVer 2.0 precedence (build metadata ignored).</summary>
    /// <param name="other">The version to compare with; <see langword="null"/> sorts first.</param>
    /// <returns>A negative number, zero or a positive number.</returns>
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (PreRelease.Length == 0 || other.PreRelease.Length == 0)
        {
            // A release has higher precedence than any of its pre-releases.
            return other.PreRelease.Length.CompareTo(PreRelease.Length) switch { < 0 => -1, > 0 => 1, _ => 0 };
        }

        var mine = PreRelease.Split('.');
        var theirs = other.PreRelease.Split('.');
        for (var i = 0; i < Math.Min(mine.Length, theirs.Length); i++)
        {
            var aNumeric = long.TryParse(mine[i], NumberStyles.None, CultureInfo.InvariantCulture, out var a);
            var bNumeric = long.TryParse(theirs[i], NumberStyles.None, CultureInfo.InvariantCulture, out var b);
            c = (aNumeric, bNumeric) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(mine[i], theirs[i]),
            };
            if (c != 0) return Math.Sign(c);
        }

        return mine.Length.CompareTo(theirs.Length);
    }

    /// <inheritdoc/>
    public bool Equals(SemanticVersion? other) =>
        other is not null && CompareTo(other) == 0 && string.Equals(BuildMetadata, other.BuildMetadata, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SemanticVersion);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, PreRelease, BuildMetadata);

    /// <summary>The canonical text of the version.</summary>
    /// <returns>For example <c>1.4.0-rc.1+build.7</c>.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}")
        + (PreRelease.Length != 0 ? "-" + PreRelease : string.Empty)
        + (BuildMetadata.Length != 0 ? "+" + BuildMetadata : string.Empty);
}
