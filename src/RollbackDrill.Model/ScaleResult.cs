namespace RollbackDrill;

/// <summary>The outcome of scaling one workload through its /scale subresource, and its readiness afterwards.</summary>
public sealed class ScaleResult
{
    /// <summary>Deployment or StatefulSet.</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Context { get; init; }

    /// <summary>spec.replicas before the change.</summary>
    public int PreviousReplicas { get; init; }

    /// <summary>spec.replicas asked for.</summary>
    public int Replicas { get; init; }

    /// <summary>The precondition (-ExpectedReplicas), if one was given.</summary>
    public int? ExpectedReplicas { get; init; }

    /// <summary>False when spec.replicas already had the value asked for (nothing was written).</summary>
    public bool Changed { get; init; }

    /// <summary>When the new replica count was accepted by the API server, UTC.</summary>
    public DateTimeOffset ScaledAt { get; init; }

    /// <summary>The readiness after scaling; null with -NoWait.</summary>
    public WorkloadReadiness? Readiness { get; init; }

    /// <summary>Scaled, and (unless -NoWait) rolled out before the deadline.</summary>
    public bool Succeeded { get; init; }

    public override string ToString() => $"{Kind}/{Name}: {PreviousReplicas} -> {Replicas}";
}
