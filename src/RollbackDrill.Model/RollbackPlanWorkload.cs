namespace RollbackDrill;

/// <summary>A workload a rollback will wait for (from the target revision's manifest).</summary>
public sealed class RollbackPlanWorkload
{
    /// <summary>Deployment, StatefulSet or DaemonSet.</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string> Images { get; init; } = [];

    public override string ToString() => $"{Kind}/{Name}";
}
