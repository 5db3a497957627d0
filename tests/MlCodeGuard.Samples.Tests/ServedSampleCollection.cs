namespace MlCodeGuard.Samples.Tests;

/// <summary>
/// The served-sample tests run one after the other: every instance of the service records on the runtime's one
/// (static) meter, so two running at once would count each other's predictions and alarms.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServedSampleCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "served sample";
}
