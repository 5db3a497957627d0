using System;
using System.Collections.Generic;

namespace MlCodeGuard.Analyzers.Semantics.Schema;

/// <summary>Nearest existing column name for "did you mean" messages and the MLG3001 fix.</summary>
internal static class NameDistance
{
    /// <summary>The closest of <paramref name="candidates"/> to <paramref name="name"/>, or null when none is plausibly a typo of it.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // A case-only difference is the most likely typo of all (ml#1968: 'MovieId' for 'MovieID').
            var distance = string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase) ? 0 : 1 + Levenshtein(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance || (distance == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var limit = 1 + Math.Max(2, name.Length / 3);
        return best is not null && bestDistance <= limit ? best : null;
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
