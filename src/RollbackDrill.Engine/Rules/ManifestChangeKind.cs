namespace RollbackDrill.Engine.Rules;

/// <summary>How an object or field differs between two manifests (A = before, B = after).</summary>
public enum ManifestChangeKind
{
    Added,
    Removed,
    Changed,
}
