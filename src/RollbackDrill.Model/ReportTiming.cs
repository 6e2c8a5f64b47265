namespace RollbackDrill;

/// <summary>A timed span of the drill (a phase, a rollback, a wait), with its start and end.</summary>
public sealed record ReportTiming
{
    private readonly TimeSpan? duration;

    public required string Name { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The measured duration; defaults to end − start.</summary>
    public TimeSpan? Duration
    {
        get => duration ?? (StartedAt is { } s && EndedAt is { } e ? e - s : null);
        init => duration = value;
    }

    public override string ToString() => $"{Name}: {Duration}";
}
