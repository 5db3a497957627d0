using System.Collections.Immutable;
using System.Reflection.PortableExecutable;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MlCodeGuard.Engine;

/// <summary>
/// Loose mode: a folder without a project file becomes one ad-hoc C# project of its .cs files (recursively, skipping
/// bin, obj and dot-folders) compiled against the .NET 10 reference assemblies and the ML.NET assemblies shipped
/// next to the tool. Its .editorconfig files (in the folder, below it and above it) apply as in a build.
/// </summary>
internal static class LooseProjectBuilder
{
    /// <summary>The global usings of Microsoft.NET.Sdk's ImplicitUsings, since loose files usually come from such projects.</summary>
    internal const string ImplicitUsingsPath = "MlCodeGuard.LooseMode.GlobalUsings.g.cs";

    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_shippedReferences = new(LoadShippedReferences);

    public static LoadedProjects Build(AnalysisTarget target)
    {
        var files = SourceFiles(target.Root).ToList();
        if (files.Count == 0)
        {
            throw new AnalysisLoadException($"'{target.Path}' contains no project file and no .cs file");
        }

        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var projectId = ProjectId.CreateNewId();
        var documents = files
            .Select(f => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                Path.GetFileName(f),
                loader: new FileTextLoader(f, Encoding.UTF8),
                filePath: f))
            .Append(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                ImplicitUsingsPath,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(ImplicitUsings, Encoding.UTF8), VersionStamp.Default)),
                filePath: Path.Combine(target.Root, "obj", ImplicitUsingsPath)))
            .ToList();

        var configs = EditorConfigFiles(target.Root)
            .Select(f => DocumentInfo.Create(DocumentId.CreateNewId(projectId), ".editorconfig", loader: new FileTextLoader(f, Encoding.UTF8), filePath: f))
            .ToList();

        var outputKind = HasTopLevelStatements(files, parseOptions) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var compilationOptions = new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

        var project = ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name: Path.GetFileName(target.Root),
                assemblyName: "LooseMode",
                language: LanguageNames.CSharp,
                filePath: Path.Combine(target.Root, "LooseMode.csproj"),
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                documents: documents,
                metadataReferences: [.. Net100.References.All, .. s_shippedReferences.Value])
            .WithAnalyzerConfigDocuments(configs);

        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution.AddProject(project);
        if (!workspace.TryApplyChanges(solution))
        {
            workspace.Dispose();
            throw new AnalysisLoadException($"could not create the loose-mode project for '{target.Path}'");
        }

        return new LoadedProjects(workspace, [workspace.CurrentSolution.GetProject(projectId)!]);
    }

    /// <summary>The .cs files of a folder tree, skipping bin, obj and hidden folders, in ordinal order.</summary>
    internal static IEnumerable<string> SourceFiles(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(folder, "*.cs").Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)));
            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !name.Equals("bin", StringComparison.OrdinalIgnoreCase) && !name.Equals("obj", StringComparison.OrdinalIgnoreCase))
                {
                    pending.Push(child);
                }
            }
        }

        return found.Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> EditorConfigFiles(string root)
    {
        // Above the root: every ancestor's .editorconfig (root = true is honoured by the workspace).
        for (var folder = Path.GetDirectoryName(root); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var candidate = Path.Combine(folder, ".editorconfig");
            if (File.Exists(candidate))
            {
                yield return candidate;
            }
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var candidate = Path.Combine(folder, ".editorconfig");
            if (File.Exists(candidate))
            {
                yield return candidate;
            }

            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !name.Equals("bin", StringComparison.OrdinalIgnoreCase) && !name.Equals("obj", StringComparison.OrdinalIgnoreCase))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static bool HasTopLevelStatements(IEnumerable<string> files, CSharpParseOptions options)
        => files.Any(f =>
        {
            var text = File.ReadAllText(f);
            // Cheap pre-filter: a file with top-level statements parses to global statements.
            return CSharpSyntaxTree.ParseText(text, options).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        });

    /// <summary>The managed ML.NET assemblies in the tool's folder (the CLI references ML.NET so they are there).</summary>
    private static ImmutableArray<MetadataReference> LoadShippedReferences()
    {
        var folder = AppContext.BaseDirectory;
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var file in Directory.EnumerateFiles(folder, "Microsoft.ML*.dll").Order(StringComparer.Ordinal))
        {
            if (IsManaged(file))
            {
                references.Add(MetadataReference.CreateFromFile(file));
            }
        }

        return references.ToImmutable();
    }

    private static bool IsManaged(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
