namespace RollbackDrill.Engine.Rules;

/// <summary>An object added, removed or changed between two manifests; for Changed, its changed fields.</summary>
public sealed record ManifestObjectChange(ManifestObjectKey Key, ManifestChangeKind Change, IReadOnlyList<ManifestFieldChange> Fields)
{
    public override string ToString() => Change switch
    {
        ManifestChangeKind.Changed => $"changed {Key}: {string.Join("; ", Fields)}",
        ManifestChangeKind.Added => $"added {Key}",
        _ => $"removed {Key}",
    };
}
