namespace RollbackDrill;

/// <summary>
/// The verdict for one objective tier: the recovery time measured from the drill's RTO clock start (the first change
/// the drill made) to the moment the tier's releases were ready and its probes passed, against the target.
/// </summary>
public sealed class DrillVerdict
{
    public required string Tier { get; init; }

    public required TimeSpan Objective { get; init; }

    public TimeSpan? Measured { get; init; }

    /// <summary>The uncertainty of <see cref="Measured"/> (the probe bracket, or the readiness watch's).</summary>
    public TimeSpan Resolution { get; init; }

    /// <summary>True only when measured and measured &lt;= objective; an unmeasured tier is not met.</summary>
    public bool Met { get; init; }

    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>What the figure is made of (releases ready, probes passing) or why it is missing.</summary>
    public string? Basis { get; init; }

    public string? Description { get; init; }

    public override string ToString() =>
        $"{Tier}: {(Measured is { } m ? RecoveryFormat.Format(m, Resolution) : "not measured")} vs {Objective} ({(Met ? "met" : "missed")})";
}
