namespace RollbackDrill.Engine.Helm;

/// <summary>A workload found in a rendered manifest: kind, name, container images and its labels/annotations.</summary>
public sealed record ManifestWorkload(
    string Kind,
    string Name,
    string? Namespace,
    IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> Metadata);
