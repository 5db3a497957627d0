using System.Collections.Immutable;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlCodeGuard.Engine;
using MlCodeGuard.Ranking.Features;

namespace MlCodeGuard.Ranking.Mining;

/// <summary>A diagnostic as one analysis of one document saw it.</summary>
/// <param name="RuleId">The rule ID.</param>
/// <param name="Severity">0 hidden .. 3 error.</param>
/// <param name="Category">The descriptor's category.</param>
/// <param name="IsSuppressed">Reported but suppressed (#pragma, [SuppressMessage]).</param>
/// <param name="StartLine">1-based start line.</param>
/// <param name="EndLine">1-based end line.</param>
/// <param name="Location">Enclosing symbol and member facts.</param>
/// <param name="CodeHash">Hash of the flagged code.</param>
internal sealed record Observation(string RuleId, int Severity, string Category, bool IsSuppressed, int StartLine, int EndLine, SyntaxLocation Location, string CodeHash);

/// <summary>
/// The compilation the history is replayed into: built once (from the MSBuild projects' options and references, or in
/// loose mode from the .NET 10 and ML.NET references), then each commit swaps the text of the documents it changed.
/// Only those documents are analyzed, with every analyzer the project uses plus MlCodeGuard's, and the compiler's own
/// warnings. Suppressed diagnostics are reported as such, so a #pragma or [SuppressMessage] is seen as a suppression.
/// </summary>
internal sealed class MiningWorkspace : IDisposable
{
    private readonly AdhocWorkspace _workspace = new();
    private readonly List<(ProjectId Id, string Folder)> _projects = [];
    private readonly Dictionary<string, (ProjectId Project, DocumentId Document)> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(ProjectId Project, DocumentId Document)>> _configs = new(StringComparer.Ordinal);
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private ProjectId? _fallback;
    private readonly Dictionary<string, DiagnosticDescriptor> _descriptors;
    private Solution _solution;

    private MiningWorkspace(string root, ImmutableArray<DiagnosticAnalyzer> analyzers, string mode)
    {
        Root = root;
        Mode = mode;
        _analyzers = analyzers;
        _descriptors = AnalyzerCatalog.Rules(analyzers).ToDictionary(d => d.Id, StringComparer.Ordinal);
        _solution = _workspace.CurrentSolution;
    }

    /// <summary>The (virtual) folder documents live under: the repository's working directory.</summary>
    public string Root { get; }

    /// <summary>"loose mode" or "MSBuild (names)".</summary>
    public string Mode { get; }

    /// <summary>File versions no loaded project owns (MSBuild mode), analyzed in loose mode.</summary>
    public int UnownedFiles { get; private set; }

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_looseReferences = new(() =>
    [
        .. Net100.References.All,
        .. Directory.EnumerateFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll").Order(StringComparer.Ordinal).Where(IsManaged).Select(f => MetadataReference.CreateFromFile(f)),
    ]);

    /// <summary>Loose mode: one project of every .cs file, as <c>analyze</c> does for a folder without a project.</summary>
    public static MiningWorkspace CreateLoose(string root, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var workspace = new MiningWorkspace(root, analyzers, "loose mode");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
        workspace.AddProject("LooseMode", string.Empty, options, new CSharpParseOptions(LanguageVersion.Latest), s_looseReferences.Value);
        return workspace;
    }

    /// <summary>
    /// Loads the solution or project at the working copy with MSBuild once, and keeps each C# project's options and
    /// references; documents come from history. Throws what MSBuild throws when the projects cannot load.
    /// </summary>
    public static async Task<MiningWorkspace> CreateFromMSBuildAsync(string root, AnalysisTarget target, Action<string> log, CancellationToken cancellationToken)
    {
        MSBuildHost.EnsureRegistered();
        return await LoadMSBuildAsync(root, target, log, cancellationToken).ConfigureAwait(false);
    }

    // Out of line: this method's body touches MSBuildWorkspace, which must not load before MSBuildLocator registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<MiningWorkspace> LoadMSBuildAsync(string root, AnalysisTarget target, Action<string> log, CancellationToken cancellationToken)
    {
        using var msbuild = Microsoft.CodeAnalysis.MSBuild.MSBuildWorkspace.Create();
        var failures = new List<string>();
        using var registration = msbuild.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(e.Diagnostic.Message.Split('\n')[0].Trim());
                }
            }
        });

        IEnumerable<Project> projects = target.Kind == TargetKind.Solution
            ? (await msbuild.OpenSolutionAsync(target.Path, cancellationToken: cancellationToken).ConfigureAwait(false)).Projects
            : [await msbuild.OpenProjectAsync(target.Path, cancellationToken: cancellationToken).ConfigureAwait(false)];
        var csharp = projects.Where(p => p.Language == LanguageNames.CSharp && p.FilePath is not null)
            .GroupBy(p => p.FilePath!, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();
        if (failures.Count > 0 || csharp.Count == 0)
        {
            throw new AnalysisLoadException(failures.Count > 0 ? $"MSBuild could not load '{target.Path}': {failures[0]}" : $"'{target.Path}' contains no C# project");
        }

        // The projects' own analyzers (e.g. the .NET CA rules) run next to MlCodeGuard's, each type once.
        var analyzers = AnalyzerCatalog.All.ToList();
        var seen = analyzers.Select(a => a.GetType().FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in csharp.SelectMany(p => p.AnalyzerReferences))
        {
            foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
            {
                if (seen.Add(analyzer.GetType().FullName))
                {
                    analyzers.Add(analyzer);
                }
            }
        }

        var workspace = new MiningWorkspace(root, [.. analyzers], $"MSBuild ({string.Join(", ", csharp.Select(p => Path.GetFileName(p.FilePath)))})");
        foreach (var project in csharp)
        {
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(project.FilePath!)!).Replace('\\', '/');
            folder = folder == "." ? string.Empty : folder + "/";
            var references = project.MetadataReferences.ToList();
            foreach (var referenced in project.ProjectReferences)
            {
                // Project references become their built output when it exists; else their types stay unbound (tolerated).
                var output = msbuild.CurrentSolution.GetProject(referenced.ProjectId)?.OutputFilePath;
                if (output is not null && File.Exists(output))
                {
                    references.Add(MetadataReference.CreateFromFile(output));
                }
            }

            workspace.AddProject(project.Name, folder, project.CompilationOptions!, project.ParseOptions!, references);
        }

        // Files no loaded project owns at some commit (a project moved, or one that no longer loads) are compiled in
        // loose mode rather than lost.
        workspace._fallback = ProjectId.CreateNewId("LooseMode");
        workspace._solution = workspace._solution.AddProject(ProjectInfo.Create(
            workspace._fallback, VersionStamp.Default, "LooseMode", "LooseMode", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true).WithReportSuppressedDiagnostics(true),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: s_looseReferences.Value));

        log($"loaded {csharp.Count} project(s) with MSBuild; {analyzers.Count} analyzers");
        return workspace;
    }

    private void AddProject(string name, string folder, CompilationOptions options, ParseOptions parseOptions, IEnumerable<MetadataReference> references)
    {
        var id = ProjectId.CreateNewId(name);
        _solution = _solution.AddProject(ProjectInfo.Create(
            id,
            VersionStamp.Default,
            name,
            name,
            LanguageNames.CSharp,
            filePath: Path.Combine(Root, folder, name + ".csproj"),
            compilationOptions: options.WithReportSuppressedDiagnostics(true),
            parseOptions: parseOptions,
            metadataReferences: references));
        _projects.Add((id, folder));
        // Longest folder first, so a file goes to its innermost project.
        _projects.Sort((a, b) => b.Folder.Length.CompareTo(a.Folder.Length));
    }

    /// <summary>Adds, replaces or (with null text) removes a C# document.</summary>
    /// <returns>False when no project owns the path.</returns>
    public bool SetDocument(string path, SourceText? text)
    {
        if (text is not null && _documents.TryGetValue(path, out var current))
        {
            // An edit keeps the document, so the compilation is updated incrementally.
            _solution = _solution.WithDocumentText(current.Document, text);
            return true;
        }

        if (_documents.Remove(path, out var existing))
        {
            _solution = _solution.RemoveDocument(existing.Document);
        }

        if (text is null)
        {
            return true;
        }

        if (RuleFacts.IsGeneratedPath(path) || path.Contains("/bin/", StringComparison.Ordinal) || path.StartsWith("bin/", StringComparison.Ordinal))
        {
            return false;
        }

        var owner = _projects.FirstOrDefault(p => path.StartsWith(p.Folder, StringComparison.Ordinal)).Id;
        if (owner is null)
        {
            if (_fallback is null)
            {
                return false;
            }

            owner = _fallback;
            UnownedFiles++;
        }

        var id = DocumentId.CreateNewId(owner, path);
        _solution = _solution.AddDocument(DocumentInfo.Create(id, Path.GetFileName(path), loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create())), filePath: FullPath(path)));
        _documents[path] = (owner, id);
        return true;
    }

    /// <summary>Adds, replaces or removes an .editorconfig or .globalconfig (applies to every project).</summary>
    public void SetConfig(string path, SourceText? text)
    {
        if (_configs.Remove(path, out var existing))
        {
            foreach (var (_, document) in existing)
            {
                _solution = _solution.RemoveAnalyzerConfigDocument(document);
            }
        }

        if (text is null)
        {
            return;
        }

        var added = new List<(ProjectId, DocumentId)>();
        foreach (var project in _projects.Select(p => p.Id).Append(_fallback).OfType<ProjectId>())
        {
            var id = DocumentId.CreateNewId(project, path);
            _solution = _solution.AddAnalyzerConfigDocument(id, Path.GetFileName(path), text, filePath: FullPath(path));
            added.Add((project, id));
        }

        _configs[path] = added;
    }

    /// <summary>Every C# document path currently in the workspace.</summary>
    public IEnumerable<string> DocumentPaths => _documents.Keys;

    /// <summary>Analyzes the given documents and returns what each one reports (info and above, plus suppressed ones).</summary>
    public async Task<Dictionary<string, List<Observation>>> AnalyzeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<Observation>>(StringComparer.Ordinal);
        foreach (var byProject in paths.Where(_documents.ContainsKey).GroupBy(p => _documents[p].Project))
        {
            var project = _solution.GetProject(byProject.Key)!;
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var withAnalyzers = compilation.WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
            foreach (var path in byProject)
            {
                var document = project.GetDocument(_documents[path].Document)!;
                var tree = (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
                var model = compilation.GetSemanticModel(tree);
                var diagnostics = new List<Diagnostic>();
                // The compiler's own warnings (errors mean broken code at that commit, not findings).
                diagnostics.AddRange(model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity != DiagnosticSeverity.Error));
                diagnostics.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false));
                diagnostics.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, cancellationToken).ConfigureAwait(false));

                var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                var text = await tree.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var observations = new List<Observation>();
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Id == "AD0001" || diagnostic.Severity == DiagnosticSeverity.Hidden || diagnostic.Location.SourceTree != tree)
                    {
                        continue;
                    }

                    var span = diagnostic.Location.SourceSpan;
                    var lines = diagnostic.Location.GetLineSpan();
                    var category = _descriptors.TryGetValue(diagnostic.Id, out var descriptor) ? descriptor.Category : diagnostic.Descriptor.Category;
                    observations.Add(new Observation(
                        diagnostic.Id,
                        RuleFacts.SeverityValue(diagnostic.Severity),
                        category,
                        diagnostic.IsSuppressed,
                        lines.StartLinePosition.Line + 1,
                        lines.EndLinePosition.Line + 1,
                        SyntaxLocation.Of(root, span),
                        SyntaxLocation.CodeHash(text, span)));
                }

                // Stable order: position, then rule, so duplicate identities match in order.
                result[path] = [.. observations.OrderBy(o => o.StartLine).ThenBy(o => o.RuleId, StringComparer.Ordinal)];
            }
        }

        return result;
    }

    /// <summary>Whether .editorconfig / .globalconfig set the rule to none for the file (a suppression).</summary>
    public async Task<bool> IsTurnedOffAsync(string path, string ruleId, CancellationToken cancellationToken)
    {
        if (!_documents.TryGetValue(path, out var ids))
        {
            return false;
        }

        var project = _solution.GetProject(ids.Project)!;
        var tree = await project.GetDocument(ids.Document)!.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var provider = project.CompilationOptions?.SyntaxTreeOptionsProvider;
        if (provider is null || tree is null)
        {
            return false;
        }

        if (provider.TryGetDiagnosticValue(tree, ruleId, cancellationToken, out var report) || provider.TryGetGlobalDiagnosticValue(ruleId, cancellationToken, out report))
        {
            return report == ReportDiagnostic.Suppress;
        }

        return false;
    }

    private string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

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

    public void Dispose() => _workspace.Dispose();
}
