namespace RollbackDrill;

/// <summary>One Helm release to roll back in a drill group.</summary>
public sealed class DrillRelease
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The target revision; null means the previous deployed revision (helm rollback's default).</summary>
    public int? Revision { get; init; }

    /// <summary>The objective tier this release counts towards; null when the drill has no tiers.</summary>
    public string? Tier { get; init; }

    public override string ToString() => Revision is { } r ? $"{Namespace}/{Name} -> {r}" : $"{Namespace}/{Name}";
}
