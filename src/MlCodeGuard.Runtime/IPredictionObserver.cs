namespace MlCodeGuard.Runtime;

/// <summary>
/// Receives every prediction a <see cref="ModelHost{TIn, TOut}"/> serves through its <c>Predict</c> methods, on the
/// calling thread, after the prediction. Monitors (drift, data quality) implement it.
/// </summary>
/// <remarks>
/// The host calls observers without allocating; an observer that must not slow predictions down copies what it needs
/// into its own buffer and returns. The arguments are only valid during the call: the host's caller may reuse them.
/// An exception thrown by an observer reaches the caller of <c>Predict</c>.
/// </remarks>
/// <typeparam name="TIn">The C# input type.</typeparam>
/// <typeparam name="TOut">The C# output type.</typeparam>
public interface IPredictionObserver<TIn, TOut>
{
    /// <summary>Called once per prediction.</summary>
    /// <param name="input">The input that was predicted.</param>
    /// <param name="output">The output the model produced.</param>
    void OnPrediction(in TIn input, in TOut output);
}
