using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlCodeGuard.Engine;

/// <summary>What to analyze and how.</summary>
public sealed class AnalysisRequest
{
    /// <summary>Creates a request for a solution, project or folder path.</summary>
    /// <param name="path">A .sln/.slnx, a .csproj or a folder.</param>
    public AnalysisRequest(string path) => Path = path;

    /// <summary>A .sln/.slnx, a .csproj or a folder, as the user gave it.</summary>
    public string Path { get; }

    /// <summary>
    /// Run <c>dotnet restore</c> on the target when a project has no project.assets.json. When false, such a target is
    /// a load error ("run dotnet restore first"). Default true.
    /// </summary>
    public bool Restore { get; init; } = true;

    /// <summary>Diagnostics below this severity are left out of the result. Default <see cref="DiagnosticSeverity.Info"/>.</summary>
    public DiagnosticSeverity MinimumSeverity { get; init; } = DiagnosticSeverity.Info;

    /// <summary>The analyzers to run; default (empty) means every analyzer of MlCodeGuard.Analyzers (<see cref="AnalyzerCatalog.All"/>).</summary>
    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; init; }

    /// <summary>Receives progress and warning lines (restore started, MSBuild warnings). Default: discarded.</summary>
    public Action<string>? Log { get; init; }
}
