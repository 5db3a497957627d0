using System;

namespace MlCodeGuard.Runtime;

/// <summary>What started a reload.</summary>
public enum ReloadTrigger
{
    /// <summary>A call to <see cref="ModelHost{TIn, TOut}.Reload"/> or <see cref="ModelHost{TIn, TOut}.Swap"/>.</summary>
    Manual,

    /// <summary>A change of the watched model file (after the debounce).</summary>
    FileChange,
}

/// <summary>The outcome of one reload.</summary>
/// <param name="Succeeded">Whether the new model passed verification and is now serving.</param>
/// <param name="Trigger">What started the reload.</param>
/// <param name="CompletedUtc">When the reload finished.</param>
/// <param name="Duration">How long verification and the swap took.</param>
/// <param name="AttemptedVersion">The version the refused or accepted file carries, when it could be read.</param>
/// <param name="ServingVersion">The version serving after the reload: the new one, or the previous one when it failed.</param>
/// <param name="ServingGeneration">The generation serving after the reload.</param>
/// <param name="Failure">Why the new model was refused, or <see langword="null"/> when it succeeded.</param>
public sealed record ReloadResult(
    bool Succeeded,
    ReloadTrigger Trigger,
    DateTimeOffset CompletedUtc,
    TimeSpan Duration,
    string? AttemptedVersion,
    string ServingVersion,
    long ServingGeneration,
    ModelVerificationFailure? Failure);

/// <summary>Carries a <see cref="ReloadResult"/> to handlers of <see cref="ModelHost{TIn, TOut}.Reloaded"/>.</summary>
public sealed class ModelReloadedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="result">The outcome of the reload.</param>
    public ModelReloadedEventArgs(ReloadResult result) => Result = result;

    /// <summary>The outcome of the reload.</summary>
    public ReloadResult Result { get; }
}

/// <summary>How a host's health check should report a <see cref="ModelHost{TIn, TOut}"/>.</summary>
public enum ModelHealthStatus
{
    /// <summary>A model is serving and the last reload, if any, succeeded.</summary>
    Healthy,

    /// <summary>A model is serving, but the last reload failed: the previous version keeps serving.</summary>
    Degraded,

    /// <summary>No model is serving (the host was disposed).</summary>
    Unhealthy,
}

/// <summary>A snapshot for a health check endpoint.</summary>
/// <param name="Status">The overall status.</param>
/// <param name="IsLoaded">Whether a model is serving.</param>
/// <param name="ModelName">The serving model's name.</param>
/// <param name="Version">The serving model's version.</param>
/// <param name="Generation">The serving generation (1 at start-up, +1 per swap).</param>
/// <param name="LoadedUtc">When the serving model passed verification.</param>
/// <param name="LastReload">The last reload's outcome, or <see langword="null"/> when there was none.</param>
/// <param name="Description">One line for humans, for example <c>taxi-fare 1.2.0 (generation 3); last reload failed: hash: ...</c>.</param>
public sealed record ModelHealth(
    ModelHealthStatus Status,
    bool IsLoaded,
    string? ModelName,
    string? Version,
    long Generation,
    DateTimeOffset? LoadedUtc,
    ReloadResult? LastReload,
    string Description);
