namespace RollbackDrill;

/// <summary>
/// One workload's readiness as kubectl rollout status judges it: whether it rolled out, when that was seen, kubectl's
/// message and the counters it was judged on.
/// </summary>
public sealed class WorkloadReadiness
{
    /// <summary>The Helm release the workload belongs to (app.kubernetes.io/instance), when it was found through one.</summary>
    public string? Release { get; init; }

    /// <summary>Deployment, StatefulSet or DaemonSet.</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>Rolled out: kubectl rollout status would exit 0.</summary>
    public bool Ready { get; init; }

    /// <summary>kubectl rollout status would fail (progress deadline exceeded, deleted, unsupported strategy) or the wait timed out.</summary>
    public bool Failed { get; init; }

    /// <summary>A stable reason scripts can match on: Complete, UpdatingReplicas, ProgressDeadlineExceeded, Timeout, Deleted, ...</summary>
    public required string Reason { get; init; }

    /// <summary>kubectl rollout status's message for the last state seen, exactly as kubectl prints it.</summary>
    public required string Message { get; init; }

    /// <summary>When the ready state was first observed (the watch event's arrival), UTC.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>When the last state was observed, UTC.</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>spec.replicas (DaemonSet: desiredNumberScheduled).</summary>
    public int DesiredReplicas { get; init; }

    public int UpdatedReplicas { get; init; }

    public int ReadyReplicas { get; init; }

    public int AvailableReplicas { get; init; }

    /// <summary>status.replicas (DaemonSet: currentNumberScheduled), old pods included.</summary>
    public int TotalReplicas { get; init; }

    public override string ToString() => $"{Kind}/{Name}: {Message}";
}
