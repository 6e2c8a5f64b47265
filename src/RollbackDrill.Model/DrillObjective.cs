namespace RollbackDrill;

/// <summary>A recovery-time objective for one tier (e.g. canary 5 min, full 15 min).</summary>
public sealed class DrillObjective
{
    public required string Tier { get; init; }

    public required TimeSpan RecoveryTime { get; init; }

    public string? Description { get; init; }

    public override string ToString() => $"{Tier} <= {RecoveryTime}";
}
