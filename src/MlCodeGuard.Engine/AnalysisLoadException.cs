namespace MlCodeGuard.Engine;

/// <summary>
/// The target cannot be analyzed: the path does not exist, names nothing loadable, has not been restored, or MSBuild
/// failed to load a project. The message is one line meant for the user.
/// </summary>
public sealed class AnalysisLoadException : Exception
{
    /// <summary>Creates the exception with a one-line, user-facing reason.</summary>
    /// <param name="message">What went wrong and, where known, what to do about it.</param>
    public AnalysisLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line, user-facing reason and the error that caused it.</summary>
    /// <param name="message">What went wrong and, where known, what to do about it.</param>
    /// <param name="innerException">The underlying error.</param>
    public AnalysisLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
