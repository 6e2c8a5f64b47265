namespace RollbackDrill;

/// <summary>
/// A workload of a release (Deployment, StatefulSet or DaemonSet labelled <c>app.kubernetes.io/instance</c>)
/// with the counters its controller reports. Counters the API server omits (zero) are 0 here.
/// </summary>
public sealed class WorkloadStatus
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    /// <summary>Desired pods: spec.replicas (DaemonSet: desiredNumberScheduled).</summary>
    public int Desired { get; init; }

    public int Ready { get; init; }

    public int Updated { get; init; }

    public int Available { get; init; }

    public long Generation { get; init; }

    public long ObservedGeneration { get; init; }

    /// <summary>The Deployment's <c>deployment.kubernetes.io/revision</c> annotation (null for other kinds).</summary>
    public int? DeploymentRevision { get; init; }

    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>
    /// Counters only: every desired pod is updated, ready and available and the controller observed the latest
    /// generation. Wait-ReleaseReady applies kubectl's full rollout rules.
    /// </summary>
    public bool CountersReady => ObservedGeneration >= Generation && Ready >= Desired && Updated >= Desired && Available >= Desired;

    public override string ToString() => $"{Kind}/{Name} {Ready}/{Desired}";
}
