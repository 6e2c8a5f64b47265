namespace RollbackDrill;

/// <summary>
/// The result of Measure-RecoveryTime: when recovery started (t0), when the last probe recovered, the recovery
/// time with its resolution, and whether it met the objective. Per-probe results and every check are kept for
/// the report's timeline.
/// </summary>
public sealed class RecoveryMeasurement
{
    public required string Name { get; init; }

    /// <summary>The recovery time objective, if one was given.</summary>
    public TimeSpan? Objective { get; init; }

    /// <summary>Canary, Full or null when the objective was given directly.</summary>
    public string? Tier { get; init; }

    /// <summary>t0: -Since, the IssuedAt of a piped rollback result, or the start of probing.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When probing ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>The estimated instant the last probe recovered (null when not every probe did).</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>RecoveredAt minus StartedAt.</summary>
    public TimeSpan? RecoveryTime { get; init; }

    /// <summary>The uncertainty of RecoveryTime (±), from the bracket of the probe that recovered last.</summary>
    public TimeSpan Resolution { get; init; }

    /// <summary>Every probe recovered and RecoveryTime is within the objective (no objective: every probe recovered).</summary>
    public required bool Met { get; init; }

    /// <summary>False when the measurement was stopped before it ended (Ctrl+C).</summary>
    public required bool Complete { get; init; }

    public required RecoveryOutcome Outcome { get; init; }

    public required TimeSpan Interval { get; init; }

    public required int ConsecutiveSuccesses { get; init; }

    /// <summary>Checks per second sent to each probe's target, averaged over the measurement.</summary>
    public double RequestRate { get; init; }

    public required IReadOnlyList<ProbeResult> Probes { get; init; }

    public required IReadOnlyList<ProbeSample> Samples { get; init; }

    /// <summary>RecoveryTime with its resolution, e.g. "00:04:55.120 ± 0.05 s".</summary>
    public string RecoveryTimeText => RecoveryFormat.Format(RecoveryTime, Resolution);

    public override string ToString() => $"{Name}: {RecoveryTimeText}{(Objective is { } o ? $" (objective {o}, {(Met ? "met" : "missed")})" : string.Empty)}";
}
