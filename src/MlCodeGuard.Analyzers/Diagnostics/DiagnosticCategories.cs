namespace MlCodeGuard.Analyzers.Diagnostics;

/// <summary>Rule categories, one per ID range of the catalog.</summary>
public static class DiagnosticCategories
{
    public const string Reproducibility = "Reproducibility";
    public const string Leakage = "Leakage";
    public const string Schema = "Schema";
    public const string Serving = "Serving";
    public const string ModelContract = "ModelContract";
}
