namespace RollbackDrill.Sandbox;

/// <summary>Settings of a <see cref="SandboxCluster"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>How many store changes a watch can resume across before it gets 410 Gone.</summary>
    public int WatchHistoryLimit { get; init; } = 10_000;

    /// <summary>Controller loop period (they also run right after each store change).</summary>
    public TimeSpan ControllerInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a pod takes to become Ready when its workload has no ready-after annotation.</summary>
    public TimeSpan DefaultReadyAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated node count (DaemonSets run one pod per node).</summary>
    public int NodeCount { get; init; } = 3;

    /// <summary>Set false to run only the store and HTTP server (no controllers).</summary>
    public bool RunControllers { get; init; } = true;

    /// <summary>Faults active from the start (the same rules <see cref="FaultInjector.AddErrorRule"/> takes).</summary>
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>Latency added to every API request from the start.</summary>
    public TimeSpan AddedLatency { get; init; }

    /// <summary>The version /version reports (gitVersion), e.g. "v1.32.0".</summary>
    public string KubernetesVersion { get; init; } = "v1.32.0";
}
