namespace MlCodeGuard.Analyzers.Diagnostics;

public static partial class DiagnosticIds
{
    // MLG5xxx: model contract of [MlModel] types.
    public const string MlModelTypeMustBePartial = "MLG5001";
    public const string ModelFileNotFound = "MLG5002";
    public const string ModelSchemaMismatch = "MLG5003";
    public const string InvalidModelVersion = "MLG5004";
}
