using System;
using System.Collections.Generic;

namespace MlCodeGuard.Runtime;

/// <summary>What a model must satisfy before it is served, beyond its hashes and schema (which are always checked).</summary>
/// <typeparam name="TIn">The C# input type.</typeparam>
/// <typeparam name="TOut">The C# output type.</typeparam>
public class ModelVerificationOptions<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    /// <summary>The model name the manifest must carry, or <see langword="null"/> to accept any.</summary>
    public string? ExpectedName { get; set; }

    /// <summary>
    /// The version the manifest must carry (SemVer precedence equality), or <see langword="null"/> to accept any.
    /// </summary>
    public SemanticVersion? ExpectedVersion { get; set; }

    /// <summary>
    /// A further version rule, for example "same major as the one serving": return <see langword="null"/> to accept or a
    /// reason to refuse. The second argument is the version serving now (<see langword="null"/> at start-up).
    /// </summary>
    public Func<SemanticVersion, SemanticVersion?, string?>? VersionPolicy { get; set; }

    /// <summary>
    /// Whether the manifest beside the zip must exist (default <see langword="false"/>: when it is missing, only the
    /// manifest inside the zip and the payload hash are checked).
    /// </summary>
    public bool RequireSidecarManifest { get; set; }

    /// <summary>Inputs with the outputs the model must produce for them, checked after the schema.</summary>
    public IList<GoldenCase<TIn, TOut>> GoldenCases { get; } = new List<GoldenCase<TIn, TOut>>();

    /// <summary>
    /// The absolute tolerance for <see cref="float"/> and <see cref="double"/> members (and their arrays) when a golden
    /// output is compared by the default comparer. Default 1e-4.
    /// </summary>
    public double GoldenTolerance { get; set; } = 1e-4;

    /// <summary>
    /// Compares a golden output: return <see langword="null"/> when <c>actual</c> is acceptable, otherwise what differs.
    /// When <see langword="null"/>, public fields and properties are compared, numbers within <see cref="GoldenTolerance"/>.
    /// </summary>
    public Func<TOut, TOut, string?>? GoldenComparer { get; set; }

    /// <summary>The seed of the <see cref="Microsoft.ML.MLContext"/> each model is loaded into (default 0).</summary>
    public int MLContextSeed { get; set; }
}

/// <summary>An input with the output a model must produce for it.</summary>
/// <typeparam name="TIn">The C# input type.</typeparam>
/// <typeparam name="TOut">The C# output type.</typeparam>
/// <param name="Input">The input.</param>
/// <param name="Expected">The expected output.</param>
public sealed record GoldenCase<TIn, TOut>(TIn Input, TOut Expected);
