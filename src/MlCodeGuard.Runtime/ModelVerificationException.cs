using System;

namespace MlCodeGuard.Runtime;

/// <summary>Which check refused a model.</summary>
public enum ModelVerificationFailureKind
{
    /// <summary>The model file does not exist.</summary>
    Missing,

    /// <summary>The model file exists but could not be read (for example it is locked).</summary>
    Unreadable,

    /// <summary>The file is not a readable zip, or ML.NET could not load the model in it.</summary>
    Corrupt,

    /// <summary>The manifest is missing, not valid, or the two copies (inside and beside the zip) disagree.</summary>
    Manifest,

    /// <summary>A hash does not match: the payload hash, or the file hash the manifest beside the zip records.</summary>
    Hash,

    /// <summary>The version is not SemVer 2.0, not the expected one, or differs between the two manifest copies.</summary>
    Version,

    /// <summary>The model's schema does not match the C# input or output type.</summary>
    Schema,

    /// <summary>A golden input did not produce its expected output within tolerance.</summary>
    Golden,
}

/// <summary>Why a model was refused: which check failed and what it found.</summary>
/// <param name="Kind">The check that failed.</param>
/// <param name="Detail">What it found, for example <c>input column 'Size' expected Single got Vector&lt;Single, 3&gt;</c>.</param>
public sealed record ModelVerificationFailure(ModelVerificationFailureKind Kind, string Detail)
{
    /// <summary>The failure as one line: the check's name in lower case, a colon, the detail.</summary>
    /// <returns>For example <c>hash: payload SHA-256 is 1f.., the manifest says 9c..</c>.</returns>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}: {Detail}";
}

/// <summary>
/// Thrown when a model fails verification at start-up (<see cref="ModelLoader.Load{TIn, TOut}"/>,
/// <see cref="ModelHost{TIn, TOut}.Start"/>). A failed reload does not throw: it is reported through
/// <see cref="ModelHost{TIn, TOut}.Reloaded"/> and <see cref="ModelHost{TIn, TOut}.LastReload"/>.
/// </summary>
public sealed class ModelVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The check that failed.</param>
    /// <param name="detail">What it found.</param>
    /// <param name="inner">The exception that revealed the failure, if any.</param>
    public ModelVerificationException(ModelVerificationFailureKind kind, string detail, Exception? inner = null)
        : this(new ModelVerificationFailure(kind, detail), inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">The failure.</param>
    /// <param name="inner">The exception that revealed the failure, if any.</param>
    public ModelVerificationException(ModelVerificationFailure failure, Exception? inner = null)
        : base("Model verification failed: " + failure, inner)
    {
        Failure = failure;
    }

    /// <summary>The check that failed and what it found.</summary>
    public ModelVerificationFailure Failure { get; }

    /// <summary>The check that failed.</summary>
    public ModelVerificationFailureKind Kind => Failure.Kind;

    /// <summary>The path of the model that was refused, when known.</summary>
    public string? ModelPath { get; internal set; }
}
