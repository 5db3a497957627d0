using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlCodeGuard.Analyzers.Semantics.Serving;

/// <summary>
/// The types the serving rules (MLG4xxx) reason about beyond <see cref="MlTypes"/>: the prediction engine, the
/// threading primitives that share or isolate it, and the ASP.NET Core types that mark a web app and its request
/// handlers. Resolved once per compilation; a type the compilation does not reference is null.
/// </summary>
internal sealed class ServingTypes
{
    public ServingTypes(Compilation compilation, MlTypes ml)
    {
        Ml = ml;
        PredictionEngineOptions = ml.GetMlType("Microsoft.ML.PredictionEngineOptions");
        Lazy = compilation.GetTypeByMetadataName("System.Lazy`1");
        ThreadStatic = compilation.GetTypeByMetadataName("System.ThreadStaticAttribute");
        Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        ParallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
        ControllerBase = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
        PageModel = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        NonAction = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonActionAttribute");

        // The request pipeline's core type: present in every ASP.NET Core app (web SDK or FrameworkReference).
        IsAspNetCore = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext") is not null;
    }

    public MlTypes Ml { get; }
    public INamedTypeSymbol? PredictionEngineOptions { get; }
    public INamedTypeSymbol? Lazy { get; }
    public INamedTypeSymbol? ThreadStatic { get; }
    public INamedTypeSymbol? Parallel { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? ParallelEnumerable { get; }
    public INamedTypeSymbol? ControllerBase { get; }
    public INamedTypeSymbol? PageModel { get; }
    public INamedTypeSymbol? NonAction { get; }

    /// <summary>True when the compilation references ASP.NET Core: every request then runs on its own thread.</summary>
    public bool IsAspNetCore { get; }

    /// <summary><c>PredictionEngine&lt;,&gt;</c> or a type derived from it.</summary>
    public bool IsPredictionEngine(ITypeSymbol? type) => Ml.InheritsFrom(type, Ml.PredictionEngine);

    /// <summary><c>Lazy&lt;PredictionEngine&lt;,&gt;&gt;</c>.</summary>
    public bool IsLazyEngine(ITypeSymbol? type)
        => type is INamedTypeSymbol { TypeArguments.Length: 1 } named && Lazy is not null
           && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Lazy) && IsPredictionEngine(named.TypeArguments[0]);

    /// <summary><c>ml.Model.CreatePredictionEngine&lt;TIn, TOut&gt;(...)</c>.</summary>
    public bool IsCreatePredictionEngine(IInvocationOperation invocation) => IsModelOperation(invocation, "CreatePredictionEngine");

    /// <summary><c>ml.Model.Load(path | stream, out schema)</c>.</summary>
    public bool IsModelLoad(IInvocationOperation invocation) => IsModelOperation(invocation, "Load");

    /// <summary><c>ml.Model.Save(model, schema | loader, path | stream)</c>.</summary>
    public bool IsModelSave(IInvocationOperation invocation) => IsModelOperation(invocation, "Save");

    private bool IsModelOperation(IInvocationOperation invocation, string name)
        => invocation.TargetMethod.Name == name
           && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, Ml.ModelOperationsCatalog);

    /// <summary>The transformer argument of <c>CreatePredictionEngine</c>.</summary>
    public static IOperation? TransformerOf(IInvocationOperation createEngine)
        => MlCall.Argument(createEngine, "transformer")?.Value;
}
