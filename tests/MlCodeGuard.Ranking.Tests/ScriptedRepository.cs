using LibGit2Sharp;

namespace MlCodeGuard.Ranking.Tests;

/// <summary>
/// A real git repository in a temp folder whose history a test writes commit by commit, with fixed signatures and
/// timestamps (one day apart) so every run mines the same history.
/// </summary>
internal sealed class ScriptedRepository : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Repository _repo;
    private DateTimeOffset _clock = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public ScriptedRepository()
    {
        Repository.Init(_folder.Path);
        _repo = new Repository(_folder.Path);
    }

    public string Path => _folder.Path;

    public int CommitCount { get; private set; }

    /// <summary>Writes (or, with null content, deletes) files and commits everything as <paramref name="author"/>.</summary>
    public void Commit(string message, params (string Path, string? Content)[] files) => CommitAs("ann", message, files);

    public void CommitAs(string author, string message, params (string Path, string? Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            if (content is null)
            {
                File.Delete(full);
            }
            else
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
        }

        Commands.Stage(_repo, "*");
        var signature = new Signature(author, author + "@example.com", _clock);
        _repo.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true });
        _clock = _clock.AddDays(1);
        CommitCount++;
    }

    /// <summary>Renames a file (content unchanged, so git sees a rename) and commits.</summary>
    public void Rename(string from, string to, string message)
    {
        var target = System.IO.Path.Combine(Path, to);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Move(System.IO.Path.Combine(Path, from), target);
        Commit(message);
    }

    public void Dispose()
    {
        _repo.Dispose();
        _folder.Dispose();
    }
}

/// <summary>C# snippets with compiler warnings, so histories mine fast in loose mode.</summary>
internal static class Code
{
    /// <summary>A class with CS0219 (assigned, never used) in Unused() and CS0168 (declared, never used) in Declared().</summary>
    public static string TwoWarnings(string type) => $$"""
        namespace Sample;

        public class {{type}}
        {
            public void Unused()
            {
                int unused{{type}} = 1;
            }

            public void Declared()
            {
                int declared{{type}};
            }
        }
        """;

    /// <summary><see cref="TwoWarnings"/> with the CS0219 variable used (fixed).</summary>
    public static string UnusedFixed(string type, bool declaredSuppressed = false, string declaredComment = "") => $$"""
        namespace Sample;

        public class {{type}}
        {
            public void Unused()
            {
                int unused{{type}} = 1;
                System.Console.WriteLine(unused{{type}});
            }

            public void Declared()
            {
        {{(declaredSuppressed ? "#pragma warning disable CS0168 // kept on purpose" : string.Empty)}}
                int declared{{type}};{{declaredComment}}
        {{(declaredSuppressed ? "#pragma warning restore CS0168" : string.Empty)}}
            }
        }
        """;

    /// <summary>CS0162 (unreachable code) in Run().</summary>
    public static string Unreachable(string type) => $$"""
        namespace Sample;

        public class {{type}}
        {
            public void Run()
            {
                return;
                System.Console.WriteLine("never");
            }
        }
        """;

    /// <summary>Only CS0219, in Unused().</summary>
    public static string OneUnused(string type) => $$"""
        namespace Sample;

        public class {{type}}
        {
            public void Unused()
            {
                int unused{{type}} = 1;
            }
        }
        """;
}
