namespace RollbackDrill;

/// <summary>The outcome of rolling a Deployment back to an earlier ReplicaSet revision, as kubectl rollout undo does.</summary>
public sealed class UndoResult
{
    public string Kind { get; init; } = "Deployment";

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Context { get; init; }

    /// <summary>RolledBack or Skipped (the template already matched the target).</summary>
    public required string Outcome { get; init; }

    /// <summary>kubectl's text: "rolled back" or "skipped rollback (current template already matches revision N)".</summary>
    public required string Message { get; init; }

    /// <summary>The Deployment's revision before the undo (deployment.kubernetes.io/revision).</summary>
    public long FromRevision { get; init; }

    /// <summary>The ReplicaSet revision whose template was restored.</summary>
    public long? ToRevision { get; init; }

    public string? TargetReplicaSet { get; init; }

    /// <summary>The pod template fields that change, as "path: old -> new".</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    /// <summary>When the patch was accepted by the API server, UTC (null when skipped).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The readiness after the undo; null with -NoWait or when skipped.</summary>
    public WorkloadReadiness? Readiness { get; init; }

    public bool Succeeded { get; init; }

    public override string ToString() => $"deployment.apps/{Name} {Message}";
}
