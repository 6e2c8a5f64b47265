namespace RollbackDrill;

/// <summary>
/// One step of the drill procedure with the exact command it ran (an argument vector, never a joined string),
/// its timestamps and its outcome.
/// </summary>
public sealed record ReportStep
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The program and its arguments exactly as run, e.g. helm, rollback, videokit-api, 41, --wait.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Succeeded, Failed, Skipped, Planned (dry run) or free text; Failed fails the drill.</summary>
    public string? Outcome { get; init; }

    public TimeSpan? Duration => StartedAt is { } s && EndedAt is { } e ? e - s : null;

    public override string ToString() => $"{Name}: {Outcome}";
}
