namespace RollbackDrill;

/// <summary>What a custom drill step (scale, undo a rollout, run a command, pause) did.</summary>
public sealed class DrillStepResult
{
    public required string Name { get; init; }

    public required DrillStepKind Kind { get; init; }

    public required DrillStepPhase Phase { get; init; }

    /// <summary>What the step acts on, e.g. "deployment/vllm-embeddings in embeddings".</summary>
    public string? Target { get; init; }

    /// <summary>The exact command (argv) the step ran or would run, e.g. kubectl scale ... or the smoke-test command.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Succeeded, Failed, Skipped, Planned (dry run) or Stopped.</summary>
    public required string Outcome { get; init; }

    public string? Message { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>The last lines of a command's output (redacted).</summary>
    public string? Output { get; init; }

    public TimeSpan? Duration => StartedAt is { } s && EndedAt is { } e ? e - s : null;

    public override string ToString() => $"{Name}: {Outcome}";
}
