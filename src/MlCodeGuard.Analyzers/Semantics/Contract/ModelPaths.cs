using System;

namespace MlCodeGuard.Analyzers.Semantics.Contract;

/// <summary>
/// How an <c>[MlModel]</c> path (relative to the project) is matched to an <c>AdditionalFiles</c> item (absolute):
/// by whole trailing path segments, separators and <c>./</c> ignored, ordinal (file systems on CI are case-sensitive).
/// </summary>
internal static class ModelPaths
{
    public const string AttributeMetadataName = "MlCodeGuard.Runtime.MlModelAttribute`2";
    public const string SidecarSuffix = ".manifest.json";

    /// <summary><c>models/churn.zip</c> -> <c>models/churn.manifest.json</c>, as <c>ModelPackage.GetSidecarPath</c>.</summary>
    public static string SidecarOf(string modelPath)
    {
        var normalized = Normalize(modelPath);
        var slash = normalized.LastIndexOf('/');
        var dot = normalized.LastIndexOf('.');
        var stem = dot > slash ? normalized.Substring(0, dot) : normalized;
        return stem + SidecarSuffix;
    }

    public static bool Matches(string additionalFilePath, string relativePath)
    {
        var file = Normalize(additionalFilePath);
        var wanted = Normalize(relativePath);
        if (wanted.Length == 0)
        {
            return false;
        }

        if (string.Equals(file, wanted, StringComparison.Ordinal))
        {
            return true;
        }

        return file.Length > wanted.Length
               && file.EndsWith(wanted, StringComparison.Ordinal)
               && file[file.Length - wanted.Length - 1] == '/';
    }

    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p.Substring(2);
        }

        return p.Replace("/./", "/");
    }
}
