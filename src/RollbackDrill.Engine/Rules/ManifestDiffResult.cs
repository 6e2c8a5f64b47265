namespace RollbackDrill.Engine.Rules;

/// <summary>The difference between two Helm manifests (A = before, B = after).</summary>
/// <param name="Objects">Every added, removed or changed object.</param>
/// <param name="UnchangedCount">How many objects are identical in both.</param>
public sealed record ManifestDiffResult(IReadOnlyList<ManifestObjectChange> Objects, int UnchangedCount)
{
    public IEnumerable<ManifestObjectChange> Added => Objects.Where(o => o.Change == ManifestChangeKind.Added);

    public IEnumerable<ManifestObjectChange> Removed => Objects.Where(o => o.Change == ManifestChangeKind.Removed);

    public IEnumerable<ManifestObjectChange> Changed => Objects.Where(o => o.Change == ManifestChangeKind.Changed);

    /// <summary>True when both manifests hold the same objects with the same content.</summary>
    public bool IsEmpty => Objects.Count == 0;
}
