using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlCodeGuard.Analyzers.Tests.GroundTruth;

/// <summary>
/// Runs real ML.NET 5.0.1 code, so each Error-severity rule is shown to describe an exception ML.NET really throws
/// (and its fix to describe code that really runs).
/// </summary>
public static class MlNet
{
    public sealed class House
    {
        public float Size { get; set; }
        public float Rooms { get; set; }
        public string Zone { get; set; } = "";
        public bool Expensive { get; set; }
        public float Price { get; set; }
        public double Age { get; set; }
        public int Floors { get; set; }
    }

    public static MLContext Context() => new(seed: 0);

    /// <summary>Forty rows with both label values, enough for every trainer used in the ground-truth tests.</summary>
    public static IDataView Houses(MLContext ml) => ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new House
    {
        Size = 50 + (i * 7 % 90),
        Rooms = 1 + (i % 5),
        Zone = (i % 3) switch { 0 => "north", 1 => "south", _ => "east" },
        Expensive = i % 2 == 0,
        Price = 100 + (i * 13 % 200),
        Age = i % 30,
        Floors = 1 + (i % 3),
    }));

    /// <summary>Runs <paramref name="action"/> and returns the message of the exception it throws (inner ones included), or null.</summary>
    public static string? Failure(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            var messages = new List<string>();
            for (var x = e; x is not null; x = x.InnerException)
            {
                messages.Add(x.GetType().Name + ": " + x.Message);
            }

            return string.Join(" | ", messages);
        }
    }
}
