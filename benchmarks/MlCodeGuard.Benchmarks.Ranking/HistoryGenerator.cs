using System.Globalization;
using System.Text;
using LibGit2Sharp;

namespace MlCodeGuard.Benchmarks.Ranking;

/// <summary>
/// Writes a git repository with a generated history (seeded, so the same bytes every run): files in four folders,
/// then commits that each introduce a defect or two and carry out a latent team policy on earlier ones. What happens
/// to a defect depends on its rule (some are nearly always fixed, CS0168 is mostly suppressed), on its folder (Core is
/// kept clean, Legacy is left alone, tests sit between), and on chance; some are edited and kept, the rest ignored.
/// </summary>
public static class HistoryGenerator
{
    private static readonly (string Rule, double Fix, double Suppress)[] s_kinds =
    [
        ("CS0219", 0.70, 0.05), ("CS8600", 0.55, 0.10), ("MLG1001", 0.50, 0.15), ("CS0162", 0.40, 0.10), ("CS1998", 0.25, 0.20), ("CS0168", 0.10, 0.60),
    ];

    private static readonly (string Folder, int Files, double Modifier)[] s_folders =
    [
        ("src/Core", 60, 0.25), ("src/App", 60, 0.0), ("src/Legacy", 40, -0.35), ("tests/Unit", 40, -0.20),
    ];

    private static readonly string[] s_authors = ["ann", "bob", "cyd", "dee", "eve", "fay"];

    /// <summary>
    /// The latent policy of a repository, read once: for a rule and a root-relative path, the probability that a defect
    /// of that rule in that file gets fixed, which is what a Bayes oracle ranks by; null for a rule the generator never
    /// plants.
    /// </summary>
    /// <param name="root">The generated repository (its recorded habits and active files are read when it has them).</param>
    /// <returns>The probability function.</returns>
    public static Func<string, string, double?> TrueFixProbability(string? root = null)
    {
        var habits = root is null ? null : ReadHabits(root);
        var active = root is null ? null : ReadActive(root);
        return (ruleId, path) =>
        {
            var kind = Array.FindIndex(s_kinds, k => k.Rule == ruleId);
            var folder = Array.FindIndex(s_folders, f => path.StartsWith(f.Folder + "/", StringComparison.Ordinal));
            if (kind < 0 || folder < 0)
            {
                return null;
            }

            if (habits is null)
            {
                return BaseFix(kind, folder);
            }

            var habit = habits[$"{ruleId}|{s_folders[folder].Folder}"];
            return active is null ? HabitFix(habit) : TeamFix(habit, active.Contains(path));
        };
    }

    /// <summary>Where a team-policy repository records which files its team works in (inside .git, like the habits).</summary>
    /// <param name="root">The repository.</param>
    /// <returns>The file path.</returns>
    public static string ActivityPath(string root) => Path.Combine(root, ".git", "mlguard-latent-activity.json");

    private static HashSet<string>? ReadActive(string root)
        => File.Exists(ActivityPath(root)) ? [.. System.Text.Json.JsonSerializer.Deserialize<List<string>>(File.ReadAllText(ActivityPath(root)))!] : null;

    // The team policy: the habit still decides, but a defect in a file the team is working in is dealt with (fixed where
    // the habit is to fix, sometimes even where it is not), and one in a file nobody works in is more often left.
    private static double TeamFix(bool fixes, bool active) => fixes ? (active ? 0.95 : 0.6) : (active ? 0.2 : 0.05);

    /// <summary>Share of files the team works in (team policy).</summary>
    private const double ActiveShare = 0.3;

    /// <summary>How many times more often a file the team works in is changed than one it does not (team policy).</summary>
    private const int ActiveWeight = 5;

    /// <summary>Where a habits-policy repository records its latent policy: inside .git, so no commit carries it.</summary>
    /// <param name="root">The repository.</param>
    /// <returns>The file path.</returns>
    public static string PolicyPath(string root) => Path.Combine(root, ".git", "mlguard-latent-policy.json");

    private static Dictionary<string, bool>? ReadHabits(string root)
        => File.Exists(PolicyPath(root)) ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, bool>>(File.ReadAllText(PolicyPath(root))) : null;

    private static double BaseFix(int kind, int folder) => Math.Clamp(s_kinds[kind].Fix + s_folders[folder].Modifier, 0.02, 0.98);

    // A team's habit for a rule in a part of the code base holds for 90% of its defects.
    private static double HabitFix(bool fixes) => fixes ? 0.9 : 0.1;

    /// <summary>Generates the repository.</summary>
    /// <param name="root">An empty or missing folder.</param>
    /// <param name="commits">Total commits (the first adds every file).</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="habits">
    /// The "habits" policy: for each rule in each folder the team's habit is drawn once, at the start (it fixes with the
    /// rule + folder probability above, else it does not), and then holds for 90% of that pair's defects: a defect is
    /// fixed with probability 0.9 where the habit is to fix and 0.1 where it is not. Without it, every defect is an
    /// independent draw from the rule + folder probability. Suppression, edits and delays are drawn as before from the
    /// probability left over. The drawn habits are written to <see cref="PolicyPath"/> for the oracle.
    /// </param>
    /// <param name="team">
    /// The "team" policy (implies habits): besides its habits per rule and folder, the team works in 30% of the files,
    /// drawn once at the start; those files are changed 5 times as often as the rest (new defects, new code), and their
    /// defects are dealt with: fixed with probability 0.95 where the habit is to fix and 0.2 where it is not, against
    /// 0.6 and 0.05 in files nobody works in. This is context a per-rule rate cannot see and the miner's file history
    /// features (churn, per-file rates) can. The files are written to <see cref="ActivityPath"/> for the oracle.
    /// </param>
    /// <returns>Files written in the first commit.</returns>
    public static int Generate(string root, int commits = 1000, int seed = 1, bool habits = false, bool team = false)
    {
        habits |= team;
        Directory.CreateDirectory(root);
        Repository.Init(root);
        using var repo = new Repository(root);
        var random = new Random(seed);
        var files = new List<FileModel>();
        foreach (var (folder, count, modifier) in s_folders)
        {
            for (var i = 0; i < count; i++)
            {
                var file = new FileModel($"{folder}/{folder.Split('/')[^1]}{i:000}.cs", modifier, folder);
                for (var m = 0; m < 3; m++)
                {
                    file.Methods.Add(new MethodModel(file.NextId++, null));
                }

                files.Add(file);
            }
        }

        Dictionary<string, bool>? habit = null;
        if (habits)
        {
            // A separate stream, so the history's other draws stay those of the independent policy.
            var habitRandom = new Random(seed + 7919);
            habit = [];
            for (var k = 0; k < s_kinds.Length; k++)
            {
                for (var f = 0; f < s_folders.Length; f++)
                {
                    habit[$"{s_kinds[k].Rule}|{s_folders[f].Folder}"] = habitRandom.NextDouble() < BaseFix(k, f);
                }
            }

            File.WriteAllText(PolicyPath(root), System.Text.Json.JsonSerializer.Serialize(habit));
        }

        // Team policy: the files the team works in, drawn from their own stream; each file's weight in the draws below.
        HashSet<FileModel>? active = null;
        var cumulative = new int[files.Count];
        if (team)
        {
            var activityRandom = new Random(seed + 104729);
            active = [.. files.Where(_ => activityRandom.NextDouble() < ActiveShare)];
            File.WriteAllText(ActivityPath(root), System.Text.Json.JsonSerializer.Serialize(active.Select(f => f.Path).Order(StringComparer.Ordinal).ToList()));
            for (var i = 0; i < files.Count; i++)
            {
                cumulative[i] = (i == 0 ? 0 : cumulative[i - 1]) + (active.Contains(files[i]) ? ActiveWeight : 1);
            }
        }

        var events = new Dictionary<int, List<(FileModel File, MethodModel Method, MethodState State)>>();
        var clock = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
        Write(repo, root, files, files, "initial code", "ann", clock);
        for (var c = 1; c < commits; c++)
        {
            var changed = new HashSet<FileModel>();
            var introduce = 1 + (random.NextDouble() < 0.3 ? 1 : 0);
            for (var k = 0; k < introduce; k++)
            {
                var file = Pick();
                var kind = s_kinds[random.Next(s_kinds.Length)];
                var method = new MethodModel(file.NextId++, kind.Rule);
                file.Methods.Add(method);
                changed.Add(file);

                var fix = habit is null ? Math.Clamp(kind.Fix + file.Modifier, 0.02, 0.98)
                    : active is null ? HabitFix(habit[$"{kind.Rule}|{file.Folder}"])
                    : TeamFix(habit[$"{kind.Rule}|{file.Folder}"], active.Contains(file));
                var u = random.NextDouble();
                var fate = u < fix ? MethodState.Fixed
                    : u < fix + kind.Suppress ? MethodState.Suppressed
                    : u < fix + kind.Suppress + 0.2 ? MethodState.Touched
                    : MethodState.Open;
                if (fate != MethodState.Open)
                {
                    // Fixes come sooner than suppressions and edits.
                    var delay = fate == MethodState.Fixed ? 1 + random.Next(30) : 5 + random.Next(60);
                    Due(c + delay).Add((file, method, fate));
                }
            }

            if (events.Remove(c, out var due))
            {
                foreach (var (file, method, state) in due)
                {
                    method.State = state;
                    changed.Add(file);
                }
            }

            if (random.NextDouble() < 0.3)
            {
                var file = Pick();
                file.Methods.Add(new MethodModel(file.NextId++, null));
                changed.Add(file);
            }

            clock = clock.AddHours(6);
            Write(repo, root, files, changed, $"change {c}", s_authors[random.Next(s_authors.Length)], clock);
        }

        return files.Count;

        // Uniform (the same draws as before) unless the team policy weights the files it works in.
        FileModel Pick()
        {
            if (active is null)
            {
                return files[random.Next(files.Count)];
            }

            var i = Array.BinarySearch(cumulative, random.Next(cumulative[^1]) + 1);
            return files[i >= 0 ? i : ~i];
        }

        List<(FileModel, MethodModel, MethodState)> Due(int commit)
        {
            if (!events.TryGetValue(commit, out var list))
            {
                events[commit] = list = [];
            }

            return list;
        }
    }

    private static void Write(Repository repo, string root, List<FileModel> all, IEnumerable<FileModel> changed, string message, string author, DateTimeOffset when)
    {
        foreach (var file in changed)
        {
            var full = Path.Combine(root, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, Render(file));
            Commands.Stage(repo, file.Path);
        }

        var signature = new Signature(author, author + "@example.com", when);
        repo.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true });
    }

    private static string Render(FileModel file)
    {
        var text = new StringBuilder();
        var name = Path.GetFileNameWithoutExtension(file.Path);
        text.Append(CultureInfo.InvariantCulture, $"namespace Generated.{file.Path.Split('/')[^2]};\n\npublic class {name}\n{{\n");
        foreach (var method in file.Methods)
        {
            var (signature, body) = Method(method);
            var suppressed = method.State == MethodState.Suppressed;
            if (suppressed)
            {
                text.Append(CultureInfo.InvariantCulture, $"#pragma warning disable {method.Rule}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"    {signature}\n    {{\n        {body}{(method.State == MethodState.Touched ? " // reviewed, kept" : string.Empty)}\n    }}\n");
            if (suppressed)
            {
                text.Append(CultureInfo.InvariantCulture, $"#pragma warning restore {method.Rule}\n");
            }

            text.Append('\n');
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static (string Signature, string Body) Method(MethodModel method)
    {
        var id = method.Id;
        var clean = method.State == MethodState.Fixed;
        return method.Rule switch
        {
            "CS0219" => ($"public void M{id}()", clean ? $"int v{id} = {id}; System.Console.WriteLine(v{id});" : $"int v{id} = {id};"),
            "CS0168" => ($"public void M{id}()", clean ? $"int d{id} = 0; System.Console.WriteLine(d{id});" : $"int d{id};"),
            "CS0162" => ($"public int M{id}()", clean ? $"return {id};" : $"return {id}; System.Console.WriteLine();"),
            "CS1998" => (clean ? $"public System.Threading.Tasks.Task M{id}()" : $"public async System.Threading.Tasks.Task M{id}()",
                clean ? "System.Console.WriteLine(); return System.Threading.Tasks.Task.CompletedTask;" : "System.Console.WriteLine();"),
            "CS8600" => ($"public void M{id}()", clean ? $"string? s{id} = null; System.Console.WriteLine(s{id});" : $"string s{id} = null; System.Console.WriteLine(s{id});"),
            "MLG1001" => ($"public Microsoft.ML.ITransformer M{id}(Microsoft.ML.IDataView data)",
                $"var ml = new Microsoft.ML.MLContext({(clean ? "seed: 0" : string.Empty)}); return ml.Transforms.Concatenate(\"Features\", \"A\").Append(ml.Regression.Trainers.Sdca()).Fit(data);"),
            _ => ($"public int M{id}(int x)", $"return x + {id};"),
        };
    }

    private sealed class FileModel(string path, double modifier, string folder = "")
    {
        public string Path { get; } = path;

        public string Folder { get; } = folder;

        public double Modifier { get; } = modifier;

        public int NextId { get; set; }

        public List<MethodModel> Methods { get; } = [];
    }

    private sealed class MethodModel(int id, string? rule)
    {
        public int Id { get; } = id;

        public string? Rule { get; } = rule;

        public MethodState State { get; set; } = MethodState.Open;
    }

    private enum MethodState
    {
        Open,
        Fixed,
        Suppressed,
        Touched,
    }
}
