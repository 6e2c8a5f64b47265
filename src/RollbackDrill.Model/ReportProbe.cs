namespace RollbackDrill;

/// <summary>Validation evidence from one probe: when it first became healthy, how often it was checked and failed.</summary>
public sealed record ReportProbe
{
    public required string Name { get; init; }

    /// <summary>What was probed, e.g. a URL or "deployment/videokit-api rollout".</summary>
    public string? Target { get; init; }

    /// <summary>When the probe first passed the required number of times in a row; null if it never did.</summary>
    public DateTimeOffset? FirstHealthy { get; init; }

    public int Checks { get; init; }

    public int Failures { get; init; }

    /// <summary>The last observation, e.g. "HTTP 200" or "3/3 ready".</summary>
    public string? LastStatus { get; init; }

    /// <summary>True when the probe ended healthy; defaults to whether it ever became healthy.</summary>
    public bool Healthy { get; init; }

    public override string ToString() => $"{Name}: {(Healthy ? "healthy" : "unhealthy")}";
}
