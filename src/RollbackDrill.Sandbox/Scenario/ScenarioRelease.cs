namespace RollbackDrill.Sandbox.Scenario;

/// <summary>A Helm release of the scenario with all its revisions (oldest first).</summary>
public sealed class ScenarioRelease
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }

    /// <summary>"secret" (Helm's default driver) or "configmap".</summary>
    public required string StorageDriver { get; init; }

    /// <summary>Deployment, StatefulSet or DaemonSet.</summary>
    public required string WorkloadKind { get; init; }

    public required int ContainerPort { get; init; }
    public ScenarioService? Service { get; init; }
    public required IReadOnlyList<ScenarioRevision> Revisions { get; init; }

    /// <summary>The revision whose manifest is live: the newest deployed one, else the newest.</summary>
    public ScenarioRevision? Current =>
        Revisions.LastOrDefault(r => r.Status == Helm.HelmStatus.Deployed) ?? (Revisions.Count > 0 ? Revisions[^1] : null);
}
