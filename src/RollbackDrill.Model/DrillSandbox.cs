namespace RollbackDrill;

/// <summary>A running sandbox cluster: where it listens, the kubeconfig and context to reach it, what it holds.</summary>
public sealed class DrillSandbox
{
    public required string Name { get; init; }

    /// <summary>The kubeconfig context that reaches this sandbox (equal to <see cref="Name"/>).</summary>
    public required string Context { get; init; }

    public required Uri Server { get; init; }

    /// <summary>The kubeconfig written for this sandbox; pass it as -Kubeconfig.</summary>
    public required string Kubeconfig { get; init; }

    /// <summary>The scenario file loaded, if any.</summary>
    public string? Scenario { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Helm releases as "namespace/name".</summary>
    public IReadOnlyList<string> Releases { get; init; } = [];

    /// <summary>Health endpoints of the simulated services: "namespace/service" → base URL.</summary>
    public IReadOnlyDictionary<string, Uri> HealthUrls { get; init; } = new Dictionary<string, Uri>();

    public DateTimeOffset StartedAt { get; init; }

    public override string ToString() => $"{Name} ({Server})";
}
