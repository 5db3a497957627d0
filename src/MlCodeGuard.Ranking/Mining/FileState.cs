namespace MlCodeGuard.Ranking.Mining;

/// <summary>What the walk knows about one file: its history so far and the diagnostics open in it.</summary>
internal sealed class FileState(string path, DateTimeOffset created)
{
    public string Path { get; set; } = path;

    public DateTimeOffset Created { get; } = created;

    public int Churn { get; set; }

    public HashSet<string> Authors { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When each line (1-based index - 1) last changed.</summary>
    public List<DateTimeOffset> LineTimes { get; set; } = [];

    /// <summary>The diagnostics currently reported in the file (decided or not), in line order.</summary>
    public List<MinedDiagnostic> Open { get; set; } = [];

    /// <summary>Carries line times through a diff: unchanged lines keep theirs, added lines get the commit's time.</summary>
    public void ApplyLineChanges(IReadOnlySet<int> deletedOld, IReadOnlySet<int> addedNew, int newLineCount, DateTimeOffset when)
    {
        var result = new List<DateTimeOffset>(newLineCount);
        var old = 1;
        for (var line = 1; line <= newLineCount; line++)
        {
            if (addedNew.Contains(line))
            {
                result.Add(when);
                continue;
            }

            while (deletedOld.Contains(old))
            {
                old++;
            }

            result.Add(old - 1 < LineTimes.Count ? LineTimes[old - 1] : when);
            old++;
        }

        LineTimes = result;
    }

    /// <summary>Lines as git counts them: one per '\n', plus an unterminated last line.</summary>
    public static int CountLines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return text.Length > 0 && text[^1] != '\n' ? count + 1 : count;
    }
}
