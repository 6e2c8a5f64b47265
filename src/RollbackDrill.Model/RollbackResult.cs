namespace RollbackDrill;

/// <summary>
/// The outcome of one release's rollback: the plan it ran, whether it succeeded (helm exited 0, the workloads rolled
/// out, and Helm's storage shows revision N+1 deployed with the target's chart and app version), the times of each
/// step, the per-workload readiness timeline, the full transcript, and on failure the state left and what to do.
/// </summary>
public sealed class RollbackResult
{
    public required RollbackPlan Plan { get; init; }

    public string Name => Plan.Name;

    public string Namespace => Plan.Namespace;

    public bool Succeeded { get; init; }

    /// <summary>Succeeded, Failed, TimedOut, Stopped (Ctrl+C), Skipped, NotStarted.</summary>
    public required string Outcome { get; init; }

    /// <summary>The step it ended in: Plan, Helm, Readiness, Verification, Done.</summary>
    public string Phase { get; init; } = string.Empty;

    /// <summary>What happened, in one sentence.</summary>
    public required string Message { get; init; }

    /// <summary>The revision the rollback wrote (current + 1), when it was written.</summary>
    public int? NewRevision { get; init; }

    /// <summary>Its status in Helm's storage afterwards (deployed, failed, pending-rollback), when read.</summary>
    public string? NewRevisionStatus { get; init; }

    /// <summary>helm was started (t0 of the RTO clock).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>helm returned successfully: the target manifest was applied.</summary>
    public DateTimeOffset? AppliedAt { get; init; }

    /// <summary>The last workload was seen rolled out (kubectl rollout status's rules).</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>IssuedAt → CompletedAt.</summary>
    public TimeSpan? Duration => IssuedAt is { } a && CompletedAt is { } b ? b - a : null;

    /// <summary>IssuedAt → ReadyAt: the rollback's part of the recovery time.</summary>
    public TimeSpan? TimeToReady => IssuedAt is { } a && ReadyAt is { } b ? b - a : null;

    public int? HelmExitCode { get; init; }

    /// <summary>Helm (the user's executable, with its version) or Sandbox.</summary>
    public string Executor { get; init; } = string.Empty;

    /// <summary>Each workload's readiness: ready time, kubectl's message and counters.</summary>
    public IReadOnlyList<WorkloadReadiness> Workloads { get; init; } = [];

    /// <summary>Pods of the release after the rollback.</summary>
    public IReadOnlyList<PodInfo> Pods { get; init; } = [];

    public IReadOnlyList<RollbackTranscriptEntry> Transcript { get; init; } = [];

    /// <summary>What is wrong, one sentence each (empty when it succeeded).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>What was done and what was not (for a failed or stopped rollback).</summary>
    public string? StateLeft { get; init; }

    public string? RecommendedAction { get; init; }

    public override string ToString() => $"{Name}: {Outcome} ({Message})";
}
