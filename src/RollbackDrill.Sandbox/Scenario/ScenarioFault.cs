namespace RollbackDrill.Sandbox.Scenario;

/// <summary>A fault from the scenario file, passed through to the cluster's fault injector:
/// <see cref="Type"/> is one of error, latency, drop-watches, gone-on-resume, conflict, api-down.</summary>
public sealed class ScenarioFault
{
    public required string Type { get; init; }
    public int? Status { get; init; }
    public double? Rate { get; init; }
    public string? Path { get; init; }
    public string? Verb { get; init; }
    public int? Count { get; init; }
    public TimeSpan? Latency { get; init; }
    public TimeSpan? Duration { get; init; }
    public int? RetryAfterSeconds { get; init; }
}
