namespace MlCodeGuard.Ranking.Model;

/// <summary>Finds the scorer to use: an explicit model, else .mlguard/ranker.zip above a folder, else the prior.</summary>
public static class ScorerLoader
{
    /// <summary>Loads the scorer.</summary>
    /// <param name="modelPath">An explicit ranker.zip (must exist), or null to search.</param>
    /// <param name="searchFrom">Folders to search upwards from for .mlguard/ranker.zip.</param>
    /// <returns>The learned ranker, or <see cref="PriorScorer.Instance"/>.</returns>
    /// <exception cref="FileNotFoundException">An explicit model does not exist.</exception>
    public static IDiagnosticScorer Load(string? modelPath, params string[] searchFrom)
    {
        if (modelPath is not null)
        {
            return File.Exists(modelPath)
                ? LearnedRanker.Load(modelPath)
                : throw new FileNotFoundException($"model '{modelPath}' does not exist", modelPath);
        }

        foreach (var start in searchFrom)
        {
            for (var folder = Path.GetFullPath(start); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var candidate = Path.Combine(folder, LearnedRanker.DefaultRelativePath);
                if (File.Exists(candidate))
                {
                    return LearnedRanker.Load(candidate);
                }
            }
        }

        return PriorScorer.Instance;
    }
}
