using MlCodeGuard.Ranking.Training;

namespace MlCodeGuard.Ranking.Evaluation;

/// <summary>The ranking-quality measures of <c>evaluate-ranker</c>. Ties in score keep input order (stable sort).</summary>
public static class Metrics
{
    /// <summary>ROC-AUC: the probability that a fixed diagnostic outscores a not-fixed one (ties count half).</summary>
    /// <param name="labels">Fixed or not.</param>
    /// <param name="scores">Scores, higher first.</param>
    /// <returns>The AUC, or NaN with only one class.</returns>
    public static double RocAuc(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        // Mann-Whitney U with average ranks for ties.
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[order.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }

            i = j + 1;
        }

        double positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var sum = Enumerable.Range(0, labels.Count).Where(i => labels[i]).Sum(i => ranks[i]);
        return (sum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>PR-AUC as average precision over the ranked list.</summary>
    /// <param name="labels">Fixed or not.</param>
    /// <param name="scores">Scores.</param>
    /// <returns>Average precision, or NaN without positives.</returns>
    public static double AveragePrecision(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var ranked = Rank(labels, scores);
        var hits = 0;
        var sum = 0.0;
        for (var i = 0; i < ranked.Length; i++)
        {
            if (ranked[i])
            {
                hits++;
                sum += hits / (double)(i + 1);
            }
        }

        return hits == 0 ? double.NaN : sum / hits;
    }

    /// <summary>Share of fixed diagnostics among the top 10 (or fewer, if the list is shorter).</summary>
    /// <param name="labels">Fixed or not.</param>
    /// <param name="scores">Scores.</param>
    /// <returns>Precision@10.</returns>
    public static double PrecisionAt10(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var ranked = Rank(labels, scores);
        var k = Math.Min(10, ranked.Length);
        return k == 0 ? double.NaN : ranked.Take(k).Count(x => x) / (double)k;
    }

    /// <summary>Share of all fixed diagnostics found when reading the top 20% of the list.</summary>
    /// <param name="labels">Fixed or not.</param>
    /// <param name="scores">Scores.</param>
    /// <returns>Recall@20%, NaN without positives.</returns>
    public static double RecallAtTop20Percent(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var ranked = Rank(labels, scores);
        var total = ranked.Count(x => x);
        var k = (int)Math.Ceiling(ranked.Length * 0.2);
        return total == 0 ? double.NaN : ranked.Take(k).Count(x => x) / (double)total;
    }

    /// <summary>Not-fixed diagnostics read before the first fixed one (the whole list when none is fixed).</summary>
    /// <param name="labels">Fixed or not.</param>
    /// <param name="scores">Scores.</param>
    /// <returns>The count.</returns>
    public static double FalseAlarmsBeforeFirstActionable(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var ranked = Rank(labels, scores);
        var first = Array.IndexOf(ranked, true);
        return first < 0 ? ranked.Length : first;
    }

    /// <summary>nDCG@10 on graded labels (gain 2^grade - 1).</summary>
    /// <param name="grades">Graded labels.</param>
    /// <param name="scores">Scores.</param>
    /// <returns>nDCG@10, NaN when every grade is 0.</returns>
    public static double NdcgAt10(IReadOnlyList<int> grades, IReadOnlyList<float> scores)
    {
        var order = Enumerable.Range(0, grades.Count).OrderByDescending(i => scores[i]).ToArray();
        var ideal = grades.OrderDescending().ToArray();
        double Dcg(IEnumerable<int> g) => g.Take(10).Select((x, i) => (Math.Pow(2, x) - 1) / Math.Log2(i + 2)).Sum();
        var best = Dcg(ideal);
        return best == 0 ? double.NaN : Dcg(order.Select(i => grades[i])) / best;
    }

    /// <summary>nDCG@10 averaged over the snapshots (groups) of the examples, skipping groups where it is undefined.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="scores">One score per example.</param>
    /// <param name="metric">The per-group metric over grades.</param>
    /// <returns>The mean, or 0 when no group defines it.</returns>
    public static double MeanPerGroup(IReadOnlyList<TrainingExample> examples, IReadOnlyList<float> scores, Func<IReadOnlyList<int>, IReadOnlyList<float>, double> metric)
    {
        var values = Enumerable.Range(0, examples.Count)
            .GroupBy(i => examples[i].Group)
            .Select(g => metric([.. g.Select(i => examples[i].Grade)], [.. g.Select(i => scores[i])]))
            .Where(v => !double.IsNaN(v))
            .ToList();
        return values.Count == 0 ? 0 : values.Average();
    }

    private static bool[] Rank(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
        => [.. Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).Select(i => labels[i])];
}
