namespace MlCodeGuard.Generators;

/// <summary>A type the generated declaration is nested in: its keyword (<c>class</c>, <c>record struct</c>, ...) and name.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// What the parser keeps of one <c>[MlModel&lt;TIn, TOut&gt;]</c> class: strings and value-equal arrays only (no symbol,
/// syntax node, location or compilation), so an edit elsewhere leaves it equal and the step cached.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Keyword,
    string Name,
    string InputType,
    string OutputType,
    string Path,
    string? Version);

/// <summary>The name and version a <c>&lt;model&gt;.manifest.json</c> AdditionalFiles item records.</summary>
internal sealed record ManifestInfo(string FilePath, string? Name, string? Version);

/// <summary>A model to emit: the spec and what its manifest (when one is among the AdditionalFiles) says.</summary>
internal sealed record ModelToEmit(ModelSpec Spec, string? ManifestName, string? ManifestVersion);
