namespace RollbackDrill.Sandbox.Scenario;

/// <summary>A plain (non-Helm) workload; <see cref="History"/> are older images (oldest first) that become
/// ReplicaSet history for a Deployment, so kubectl rollout undo has somewhere to go.</summary>
public sealed class ScenarioWorkload
{
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public required string Image { get; init; }
    public required int Replicas { get; init; }
    public TimeSpan ReadyAfter { get; init; }
    public bool NeverReady { get; init; }
    public int ProgressDeadlineSeconds { get; init; }
    public int ContainerPort { get; init; }
    public bool Paused { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required IReadOnlyList<string> History { get; init; }
    public ScenarioService? Service { get; init; }
}
