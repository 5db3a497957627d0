using MlCodeGuard.Ranking.Features;
using MlCodeGuard.Ranking.Mining;

namespace MlCodeGuard.Ranking.Tests;

/// <summary>Mined labels on scripted histories, asserted exactly.</summary>
public class MiningTests
{
    [Fact]
    public async Task Labels_follow_fixes_suppressions_edits_renames_deletions_and_the_window()
    {
        using var repo = new ScriptedRepository();
        repo.Commit("c0: initial code", ("src/A.cs", Code.TwoWarnings("A")), ("src/B.cs", Code.TwoWarnings("B")), ("src/C.cs", Code.Unreachable("C")), ("src/F.cs", Code.OneUnused("F")));
        repo.Commit("c1: use A's variable", ("src/A.cs", Code.UnusedFixed("A")));
        repo.Commit("c2: suppress A's CS0168", ("src/A.cs", Code.UnusedFixed("A", declaredSuppressed: true)));
        repo.Rename("src/B.cs", "src/Core/Bee.cs", "c3: move B");
        repo.CommitAs("bob", "c4: use B's variable", ("src/Core/Bee.cs", Code.UnusedFixed("B")));
        repo.Commit("c5: touch B's declaration, keep the warning", ("src/Core/Bee.cs", Code.UnusedFixed("B", declaredComment: " // not now")));
        repo.Commit("c6: turn CS0162 off", (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS0162.severity = none\n"));
        repo.Commit("c7: add D", ("src/D.cs", Code.TwoWarnings("D")));
        repo.Commit("c8: delete D", ("src/D.cs", null));
        repo.Commit("c9: add E", ("src/E.cs", Code.OneUnused("E")));

        var history = await HistoryMiner.MineAsync(repo.Path, new MiningOptions { Window = 6 });

        Assert.Equal("loose mode", history.Mode);
        Assert.Equal(10, history.Commits.Count);
        Assert.Equal("c0: initial code", history.Commits[0].Message);
        var actual = history.Diagnostics.Select(d => $"{d.BirthCommit} {d.RuleId} {d.Path} {d.Symbol} -> {d.Outcome}@{(d.KnownAt == int.MaxValue ? "-" : d.KnownAt)} {d.OutcomePath} {d.ExclusionReason}".TrimEnd()).ToList();
        string[] expected =
        [
            "0 CS0219 src/A.cs A.Unused -> Fixed@1 src/A.cs",
            "0 CS0168 src/A.cs A.Declared -> Suppressed@2 src/A.cs",
            "0 CS0219 src/B.cs B.Unused -> Fixed@4 src/Core/Bee.cs",
            "0 CS0168 src/B.cs B.Declared -> StillPresentAfterEdit@6 src/Core/Bee.cs",
            "0 CS0162 src/C.cs C.Run -> Suppressed@6 src/C.cs",
            "0 CS0219 src/F.cs F.Unused -> Ignored@6 src/F.cs",
            "7 CS0219 src/D.cs D.Unused -> Excluded@8 src/D.cs file deleted",
            "7 CS0168 src/D.cs D.Declared -> Excluded@8 src/D.cs file deleted",
            "9 CS0219 src/E.cs E.Unused -> Excluded@- src/E.cs history ended inside the outcome window",
        ];
        Assert.Equal(expected, actual);

        // History features at birth: D appeared at c7 (day 6 after c0), in a new file by one author.
        var d = history.Diagnostics.First(x => x.Path == "src/D.cs");
        Assert.Equal(0, d.Features.FileAgeDays);
        Assert.Equal(1, d.Features.FileChurn);
        Assert.Equal(0, d.Features.LineAgeDays);
        Assert.Equal(MemberKinds.Method, d.Features.MemberKind);
        Assert.Equal(2, d.Features.Severity);
        // By c7 the outcomes known are: A fixed (c1), A suppressed (c2), B fixed (c4), and at c6 three more; the rule
        // CS0219 had 2 fixes and 1 untouched of 3 resolved: (2 + 0.5) / (3 + 1).
        Assert.Equal(2.5f / 4, d.Features.Rates.RuleFixRate, 4);
        Assert.Equal(3, d.Features.Rates.RuleResolved);

        // Statistics at the end: per-rule counts and the renamed file's history (two authors, three commits).
        Assert.Equal(2, history.Statistics.Rules["CS0219"].Fixed);
        Assert.Equal(2, history.Statistics.Rules["CS0168"].Resolved);
        var bee = history.Statistics.FileHistories["src/Core/Bee.cs"];
        Assert.Equal(4, bee.Churn);
        Assert.Equal(2, bee.Authors);
        Assert.False(history.Statistics.FileHistories.ContainsKey("src/D.cs"));

        // Labelled examples leave the excluded ones out; grades: fixed 2, untouched 1, others 0.
        var examples = history.Examples();
        Assert.Equal(6, examples.Count);
        Assert.Equal([2, 0, 2, 0, 0, 1], examples.Select(e => e.Grade));
    }

    [Fact]
    public async Task SuppressMessage_attribute_and_large_rewrites()
    {
        using var repo = new ScriptedRepository();
        repo.Commit("c0", ("Train.cs", Training("Train", suppressed: false)), ("Big.cs", Code.TwoWarnings("Big") + string.Concat(Enumerable.Range(0, 20).Select(i => $"// filler {i}\n"))));
        repo.Commit("c1: suppress MLG1001 by attribute", ("Train.cs", Training("Train", suppressed: true)));
        repo.Commit("c2: rewrite Big", ("Big.cs", "namespace Sample;\n\npublic class Big\n{\n}\n"));

        var history = await HistoryMiner.MineAsync(repo.Path, new MiningOptions { Window = 10 });

        var mlg = Assert.Single(history.Diagnostics, x => x.RuleId == "MLG1001");
        Assert.Equal(Outcome.Suppressed, mlg.Outcome);
        Assert.Equal(1, mlg.KnownAt);
        Assert.Equal("Reproducibility", mlg.Features.Category);
        Assert.True(mlg.Features.HasFix);
        var big = history.Diagnostics.Where(x => x.Path == "Big.cs").ToList();
        Assert.Equal(2, big.Count);
        Assert.All(big, x => Assert.Equal((Outcome.Excluded, "large rewrite"), (x.Outcome, x.ExclusionReason)));
    }

    [Fact]
    public async Task Features_of_earlier_commits_do_not_depend_on_later_commits()
    {
        // The same first six commits, then two different futures.
        async Task<MinedHistory> Mine(bool alternativeFuture)
        {
            using var repo = new ScriptedRepository();
            repo.Commit("c0", ("src/A.cs", Code.TwoWarnings("A")), ("src/B.cs", Code.TwoWarnings("B")));
            repo.Commit("c1", ("src/A.cs", Code.UnusedFixed("A", declaredSuppressed: true)));
            repo.Commit("c2", ("src/C.cs", Code.TwoWarnings("C")));
            repo.Commit("c3", ("src/B.cs", Code.UnusedFixed("B")));
            repo.Commit("c4", ("src/D.cs", Code.TwoWarnings("D")));
            repo.Commit("c5", ("src/E.cs", Code.OneUnused("E")));
            if (alternativeFuture)
            {
                repo.CommitAs("zed", "x6", ("src/D.cs", null));
                repo.CommitAs("zed", "x7", ("src/C.cs", Code.UnusedFixed("C", declaredSuppressed: true)));
                repo.Rename("src/E.cs", "src/Moved/E.cs", "x8");
                repo.Commit("x9", ("src/F.cs", Code.TwoWarnings("F")));
            }
            else
            {
                repo.Commit("f6", ("src/C.cs", Code.UnusedFixed("C")), ("src/D.cs", Code.UnusedFixed("D", declaredSuppressed: true)));
                repo.Commit("f7", ("src/E.cs", null));
                repo.Commit("f8", (".editorconfig", "[*.cs]\ndotnet_diagnostic.CS0168.severity = none\n"));
            }

            return await HistoryMiner.MineAsync(repo.Path, new MiningOptions { Window = 3 });
        }

        var first = await Mine(alternativeFuture: false);
        var second = await Mine(alternativeFuture: true);

        var early = first.Diagnostics.Where(d => d.BirthCommit <= 5).ToList();
        var earlyAlternative = second.Diagnostics.Where(d => d.BirthCommit <= 5).ToList();
        Assert.Equal(early.Count, earlyAlternative.Count);
        Assert.True(early.Count >= 8);
        for (var i = 0; i < early.Count; i++)
        {
            Assert.Equal((early[i].RuleId, early[i].Path, early[i].BirthCommit), (earlyAlternative[i].RuleId, earlyAlternative[i].Path, earlyAlternative[i].BirthCommit));
            Assert.Equal(early[i].Features, earlyAlternative[i].Features);
            Assert.Equal(early[i].Features.ToVector(), earlyAlternative[i].Features.ToVector());
        }

        // The futures did differ, and so did outcomes: the test would see a leak.
        Assert.NotEqual(
            first.Diagnostics.Select(d => d.Outcome),
            second.Diagnostics.Take(first.Diagnostics.Count).Select(d => d.Outcome));
        // Rates moved inside the shared prefix, so the comparison is not between constants.
        Assert.Contains(early, d => d.Features.Rates.RuleResolved > 0);
    }

    private static string Training(string type, bool suppressed) => $$"""
        using Microsoft.ML;

        namespace Sample;

        public static class {{type}}
        {
            {{(suppressed ? "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Reproducibility\", \"MLG1001\", Justification = \"exploration\")]" : string.Empty)}}
            public static ITransformer Fit(IDataView data)
            {
                var mlContext = new MLContext(seed: null);
                var pipeline = mlContext.Transforms.Concatenate("Features", "A", "B").Append(mlContext.Regression.Trainers.Sdca());
                return pipeline.Fit(data);
            }
        }
        """;
}

/// <summary>The past-outcome rates the statistics give a rule in a folder.</summary>
public class OutcomeRateTests
{
    [Fact]
    public void Rule_in_folder_rate_starts_from_the_rule_and_folder_and_follows_its_own_cases()
    {
        var statistics = new MlCodeGuard.Ranking.Model.HistoryStatistics();
        for (var i = 0; i < 4; i++)
        {
            statistics.Count("CS0219", $"src/Core/C{i}.cs", Outcome.Fixed);
            statistics.Count("CS0219", $"src/Legacy/L{i}.cs", Outcome.Ignored);
            statistics.Count("CS0168", $"src/Core/C{i}.cs", i == 0 ? Outcome.Fixed : Outcome.Suppressed);
        }

        var core = statistics.RatesFor("CS0219", "src/Core/New.cs");
        var legacy = statistics.RatesFor("CS0219", "src/Legacy/New.cs");
        var unseenPair = statistics.RatesFor("CS0168", "src/Legacy/New.cs");
        var seenPair = statistics.RatesFor("CS0168", "src/Core/New.cs");

        Assert.Equal(4, core.RuleInFolderResolved);
        Assert.Equal(0, unseenPair.RuleInFolderResolved);
        // Its own cases pull the pair's rate: always fixed in Core, never in Legacy, with the same rule rate.
        Assert.Equal(core.RuleFixRate, legacy.RuleFixRate);
        Assert.True(core.RuleInFolderFixRate > 0.75f, core.ToString());
        Assert.True(legacy.RuleInFolderFixRate < 0.25f, legacy.ToString());
        // A pair never seen starts below the rule's own rate when its folder is fixed less than the whole code base.
        Assert.True(unseenPair.RuleInFolderFixRate < seenPair.RuleInFolderFixRate, $"{unseenPair} vs {seenPair}");
        Assert.True(unseenPair.RuleInFolderSuppressRate < seenPair.RuleInFolderSuppressRate, $"{unseenPair} vs {seenPair}");
        Assert.Equal(12, statistics.All.Resolved);
    }
}
