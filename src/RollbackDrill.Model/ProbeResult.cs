namespace RollbackDrill;

/// <summary>
/// How one probe recovered. The recovery instant lies between the start of the last failed check before the
/// passing streak (or StartedAt of the measurement when the first check passed) and the answer of the first
/// check of the streak; <see cref="RecoveredAt"/> is the middle of that bracket and <see cref="Resolution"/>
/// half its width.
/// </summary>
public sealed class ProbeResult
{
    public required string Name { get; init; }

    public required ProbeKind Kind { get; init; }

    public required string Target { get; init; }

    public required bool Recovered { get; init; }

    /// <summary>The probe gave up early because it can never pass (e.g. Prometheus rejected the query).</summary>
    public bool Faulted { get; init; }

    /// <summary>Answer time of the first check of the passing streak.</summary>
    public DateTimeOffset? FirstHealthyAt { get; init; }

    /// <summary>Start of the last failed check before the streak, if any.</summary>
    public DateTimeOffset? LastFailedAt { get; init; }

    /// <summary>The estimated recovery instant (middle of the bracket).</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>RecoveredAt minus the measurement's StartedAt.</summary>
    public TimeSpan? RecoveryTime { get; init; }

    /// <summary>Half the bracket's width: the most the estimate can be off.</summary>
    public TimeSpan Resolution { get; init; }

    public required int Checks { get; init; }

    public required int Failures { get; init; }

    public string? LastStatus { get; init; }

    public string? LastError { get; init; }

    public override string ToString() => Recovered
        ? $"{Name}: recovered after {RecoveryFormat.Format(RecoveryTime, Resolution)}"
        : $"{Name}: not recovered ({LastError ?? LastStatus})";
}
