using System.Reflection;
using MlCodeGuard.Analyzers.Semantics.Schema;
using Xunit;
using Xunit.Abstractions;

namespace MlCodeGuard.Analyzers.Tests.Schema;

/// <summary>
/// The estimator catalog against ML.NET 5.0.1 itself (Microsoft.ML, FastTree, LightGbm): every row names a real
/// method and real parameters, and the rows cover the public estimator-creating catalog methods.
/// </summary>
public class CatalogCoverageTests
{
    private const double Target = 0.90;

    private readonly ITestOutputHelper _output;

    public CatalogCoverageTests(ITestOutputHelper output) => _output = output;

    /// <summary>Public methods that create an estimator from a TransformsCatalog (or a sub-catalog) or a *Trainers catalog.</summary>
    public static IReadOnlyList<MethodInfo> CatalogMethods { get; } = FindCatalogMethods();

    private static IReadOnlyList<MethodInfo> FindCatalogMethods()
    {
        var methods = new List<MethodInfo>();
        foreach (var path in Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll").OrderBy(p => p, StringComparer.Ordinal))
        {
            Type[] types;
            try
            {
                types = Assembly.LoadFrom(path).GetExportedTypes();
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or ReflectionTypeLoadException or FileNotFoundException)
            {
                continue;
            }

            foreach (var type in types)
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (CatalogOf(method) is { } catalog && IsCatalog(catalog) && CreatesEstimator(method))
                    {
                        methods.Add(method);
                    }
                }
            }
        }

        return methods;
    }

    private static Type? CatalogOf(MethodInfo method)
        => method.IsStatic
            ? method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false) ? method.GetParameters()[0].ParameterType : null
            : method.DeclaringType;

    private static bool IsCatalog(Type type)
        => type.FullName == "Microsoft.ML.TransformsCatalog"
           || type.DeclaringType?.FullName == "Microsoft.ML.TransformsCatalog"
           || (type.Name.EndsWith("Trainers", StringComparison.Ordinal) && type.DeclaringType?.Name.EndsWith("Catalog", StringComparison.Ordinal) == true);

    private static bool CreatesEstimator(MethodInfo method)
        => method.ReturnType.GetInterfaces().Concat(new[] { method.ReturnType })
            .Any(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == "Microsoft.ML.IEstimator`1");

    private static string Key(MethodInfo method) => CatalogOf(method)!.Name + "." + method.Name;

    [Fact]
    public void Every_catalog_row_names_a_real_method_and_real_parameters()
    {
        var byKey = CatalogMethods.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList());
        Assert.NotEmpty(byKey);
        var problems = new List<string>();
        foreach (var entry in EstimatorCatalog.Entries)
        {
            var key = entry.Catalog + "." + entry.Method;
            if (!byKey.TryGetValue(key, out var overloads))
            {
                problems.Add(key + " is not an ML.NET 5.0.1 catalog method");
                continue;
            }

            // Lower-case names are method parameters; upper-case ones are properties of the method's Options parameter.
            var parameters = overloads.SelectMany(m => m.GetParameters()).ToList();
            var names = parameters.Select(p => p.Name!)
                .Concat(parameters.Where(p => p.Name == "options").SelectMany(p => p.ParameterType.GetFields().Select(f => f.Name).Concat(p.ParameterType.GetProperties().Select(q => q.Name))))
                .ToHashSet();
            foreach (var column in entry.Reads.Concat(entry.Writes))
            {
                foreach (var name in new[] { column.Name, column.FallbackParameter }.OfType<string>().Where(n => !n.StartsWith('=')))
                {
                    if (!names.Contains(name))
                    {
                        problems.Add($"{key} has no parameter '{name}' ({string.Join("; ", overloads.Select(o => string.Join(", ", o.GetParameters().Select(p => p.Name))))})");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(EstimatorCatalog.Entries.Length, EstimatorCatalog.Entries.Select(e => e.Catalog + "." + e.Method).Distinct().Count());
    }

    [Fact]
    public void Catalog_covers_at_least_90_percent_of_the_estimator_creating_catalog_methods()
    {
        var all = CatalogMethods.Select(Key).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        var covered = EstimatorCatalog.Entries.Select(e => e.Catalog + "." + e.Method).ToHashSet();
        var missing = all.Where(k => !covered.Contains(k)).ToList();
        var coverage = (double)(all.Count - missing.Count) / all.Count;
        _output.WriteLine($"coverage {all.Count - missing.Count}/{all.Count} = {coverage:P0}");
        foreach (var key in missing)
        {
            _output.WriteLine("uncovered: " + key);
        }

        Assert.True(coverage >= Target, $"coverage {coverage:P0} is below {Target:P0}; uncovered: {string.Join(", ", missing)}");
    }
}
