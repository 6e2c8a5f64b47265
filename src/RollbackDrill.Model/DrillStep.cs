namespace RollbackDrill;

/// <summary>
/// A custom step: scale a workload, undo a Deployment rollout, run a command (argv, no shell) or pause. Only the
/// properties of its <see cref="Kind"/> are set.
/// </summary>
public sealed class DrillStep
{
    public required string Name { get; init; }

    public required DrillStepKind Kind { get; init; }

    public DrillStepPhase Phase { get; init; } = DrillStepPhase.AfterRollback;

    /// <summary>Scale: kind/name of the workload (deployment/x, statefulset/y); UndoRollout: deployment/name.</summary>
    public string? Workload { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Scale: the replica count to reach.</summary>
    public int? Replicas { get; init; }

    /// <summary>UndoRollout: the Deployment revision to return to; null means the previous one.</summary>
    public long? ToRevision { get; init; }

    /// <summary>Run: the program and its arguments, passed without a shell.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Pause: how long; Scale/UndoRollout/Run: the time limit (scale: time to reach the count).</summary>
    public TimeSpan? Duration { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>When true, a failed step is recorded but the drill goes on.</summary>
    public bool ContinueOnError { get; init; }

    public override string ToString() => $"{Name} ({Kind}, {Phase})";
}
