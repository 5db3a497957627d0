namespace MlCodeGuard.Ranking.Features;

/// <summary>Counts of resolved diagnostics for one rule, file or folder; turned into smoothed rates.</summary>
public sealed class OutcomeCounts
{
    /// <summary>The rate assumed with no history (and the weight it keeps, in cases, once history arrives).</summary>
    public const float PriorRate = 0.5f;

    private const float PriorWeight = 1f;

    /// <summary>Diagnostics fixed.</summary>
    public int Fixed { get; set; }

    /// <summary>Diagnostics suppressed (#pragma, [SuppressMessage], severity none).</summary>
    public int Suppressed { get; set; }

    /// <summary>Diagnostics resolved any way that counts (fixed, suppressed, left in place).</summary>
    public int Resolved { get; set; }

    /// <summary>Smoothed share fixed.</summary>
    public float FixRate => (Fixed + (PriorRate * PriorWeight)) / (Resolved + PriorWeight);

    /// <summary>Smoothed share suppressed.</summary>
    public float SuppressRate => (Suppressed + (PriorRate * PriorWeight)) / (Resolved + PriorWeight);

    /// <summary>Share fixed, shrunk towards a prior rate with the weight of <paramref name="weight"/> cases.</summary>
    /// <param name="prior">The rate assumed before any case.</param>
    /// <param name="weight">How many cases the prior is worth.</param>
    /// <returns>The smoothed rate.</returns>
    public float FixRateToward(float prior, float weight) => (Fixed + (prior * weight)) / (Resolved + weight);

    /// <summary>Share suppressed, shrunk towards a prior rate with the weight of <paramref name="weight"/> cases.</summary>
    /// <param name="prior">The rate assumed before any case.</param>
    /// <param name="weight">How many cases the prior is worth.</param>
    /// <returns>The smoothed rate.</returns>
    public float SuppressRateToward(float prior, float weight) => (Suppressed + (prior * weight)) / (Resolved + weight);

    /// <summary>Counts one resolved diagnostic.</summary>
    /// <param name="outcome">Its outcome; excluded ones are not counted.</param>
    public void Add(Outcome outcome)
    {
        if (outcome == Outcome.Excluded)
        {
            return;
        }

        Resolved++;
        if (outcome == Outcome.Fixed)
        {
            Fixed++;
        }
        else if (outcome == Outcome.Suppressed)
        {
            Suppressed++;
        }
    }
}

/// <summary>What the team did with a diagnostic.</summary>
public enum Outcome
{
    /// <summary>Not decided yet (still open inside its outcome window).</summary>
    Pending,

    /// <summary>A change touching the flagged code made it disappear.</summary>
    Fixed,

    /// <summary>Silenced with #pragma, [SuppressMessage] or .editorconfig severity none.</summary>
    Suppressed,

    /// <summary>Its code was edited within the window and the diagnostic stayed.</summary>
    StillPresentAfterEdit,

    /// <summary>Nobody touched it during the whole window.</summary>
    Ignored,

    /// <summary>Not a usable label: file deleted, large rewrite, or history ended inside the window.</summary>
    Excluded,
}
