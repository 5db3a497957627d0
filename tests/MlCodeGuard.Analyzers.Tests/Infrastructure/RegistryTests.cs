using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using MlCodeGuard.Analyzers.Diagnostics;
using Xunit;

namespace MlCodeGuard.Analyzers.Tests.Infrastructure;

/// <summary>The registry, the docs, the README table and the release tracking files say the same thing.</summary>
public class RegistryTests
{
    /// <summary>Rule names come from the constant names in <see cref="DiagnosticIds"/> (the catalog's PascalCase names).</summary>
    public static IEnumerable<object[]> Rules() => typeof(DiagnosticIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => new object[] { (string)f.GetValue(null)!, f.Name });

    [Fact]
    public void Every_id_has_exactly_one_descriptor_and_every_descriptor_one_analyzer()
    {
        var ids = Rules().Select(r => (string)r[0]).OrderBy(i => i, StringComparer.Ordinal).ToArray();
        Assert.Equal(ids, Descriptors.All.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
        foreach (var descriptor in Descriptors.All)
        {
            var owners = AllExtensions.Rules.Where(a => a.SupportedDiagnostics.Any(d => d.Id == descriptor.Id)).ToArray();
            Assert.True(owners.Length == 1, $"{descriptor.Id} is supported by {owners.Length} analyzers");
            Assert.Same(descriptor, owners[0].SupportedDiagnostics.Single(d => d.Id == descriptor.Id));
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Descriptor_is_well_formed(string id, string name)
    {
        var descriptor = Descriptors.All.Single(d => d.Id == id);
        Assert.Equal(Descriptors.HelpLink(id), descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.Equal(ExpectedCategory(id), descriptor.Category);
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", name);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_rule_has_a_doc_page_titled_with_its_id_and_name(string id, string name)
    {
        var path = Path.Combine(AllExtensions.RepoRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(path), "missing " + path);
        var firstLine = File.ReadLines(path).First();
        Assert.Equal($"# {id}: {name}", firstLine);
        var text = File.ReadAllText(path);
        var descriptor = Descriptors.All.Single(d => d.Id == id);
        Assert.Contains($"| Default severity | {Severity(descriptor)} |", text);
        Assert.Contains($"| Category | {descriptor.Category} |", text);
    }

    [Fact]
    public void Readme_rule_table_matches_the_registry()
    {
        var readme = File.ReadAllLines(Path.Combine(AllExtensions.RepoRoot, "README.md"));
        var rows = readme
            .Select(line => Regex.Match(line, @"^\|\s*\[(MLG\d{4})\]\(docs/rules/(MLG\d{4})\.md\)\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m);
        var names = Rules().ToDictionary(r => (string)r[0], r => (string)r[1]);
        Assert.Equal(Descriptors.All.Select(d => d.Id).OrderBy(i => i), rows.Keys.OrderBy(i => i));
        foreach (var descriptor in Descriptors.All)
        {
            var row = rows[descriptor.Id];
            Assert.Equal(descriptor.Id, row.Groups[2].Value);
            Assert.Equal(names[descriptor.Id], row.Groups[3].Value);
            Assert.Equal(descriptor.Category, row.Groups[4].Value);
            Assert.Equal(Severity(descriptor), row.Groups[5].Value);
        }
    }

    [Fact]
    public void Release_tracking_lists_every_rule_with_its_category_and_severity()
    {
        var dir = Path.Combine(AllExtensions.RepoRoot, "src", "MlCodeGuard.Analyzers");
        var lines = File.ReadAllLines(Path.Combine(dir, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(dir, "AnalyzerReleases.Unshipped.md")))
            .Where(l => l.StartsWith("MLG", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[0]);
        foreach (var descriptor in Descriptors.All)
        {
            Assert.True(lines.TryGetValue(descriptor.Id, out var cells), descriptor.Id + " missing from release tracking");
            Assert.Equal(descriptor.Category, cells[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
        }
    }

    [Fact]
    public void Every_rule_whose_readme_row_names_a_fix_has_a_code_fix_provider()
    {
        // The README's last column is the catalog's "Fix"; "—" means the catalog names none.
        var fixes = File.ReadAllLines(Path.Combine(AllExtensions.RepoRoot, "README.md"))
            .Select(line => Regex.Match(line, @"^\|\s*\[(MLG\d{4})\].*\|\s*([^|]*?)\s*\|\s*$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var fixable = AllExtensions.CodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToHashSet();
        Assert.NotEmpty(fixes);
        foreach (var (id, fix) in fixes)
        {
            var named = fix.Length > 0 && fix != "—";
            Assert.True(named == fixable.Contains(id), $"{id}: README names fix '{fix}' but a provider {(fixable.Contains(id) ? "exists" : "is missing")}");
        }

        Assert.All(AllExtensions.CodeFixes, f => Assert.NotNull(f.GetFixAllProvider()));
    }

    private static string Severity(DiagnosticDescriptor descriptor) => descriptor.DefaultSeverity switch
    {
        DiagnosticSeverity.Error => "Error",
        DiagnosticSeverity.Warning => "Warning",
        DiagnosticSeverity.Info => "Info",
        _ => "Hidden",
    };

    private static string ExpectedCategory(string id) => id[3] switch
    {
        '1' => DiagnosticCategories.Reproducibility,
        '2' => DiagnosticCategories.Leakage,
        '3' => DiagnosticCategories.Schema,
        '4' => DiagnosticCategories.Serving,
        _ => DiagnosticCategories.ModelContract,
    };
}
