namespace RollbackDrill;

/// <summary>Releases rolled back in parallel; groups run in the order of the file.</summary>
public sealed class DrillReleaseGroup
{
    public required string Name { get; init; }

    public required IReadOnlyList<DrillRelease> Releases { get; init; }

    public override string ToString() => $"{Name} ({Releases.Count} release(s))";
}
