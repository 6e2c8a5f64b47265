namespace RollbackDrill;

/// <summary>One phase of a drill (BeforeState, Baseline, Steps, Rollback, Readiness, Recovery, AfterState) with its timestamps.</summary>
public sealed class DrillPhaseResult
{
    public required string Name { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Succeeded, Failed, Skipped, Stopped or Planned (dry run).</summary>
    public string Outcome { get; set; } = "Running";

    public string? Message { get; set; }

    public TimeSpan? Duration => EndedAt is { } e ? e - StartedAt : null;

    public override string ToString() => $"{Name}: {Outcome}";
}
