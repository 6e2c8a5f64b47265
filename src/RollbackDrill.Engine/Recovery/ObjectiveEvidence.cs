namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// What Assert-RecoveryObjective judges: one objective with what was measured against it, taken from a
/// RecoveryMeasurement, a report's objective or a drill result's objective.
/// </summary>
public sealed record ObjectiveEvidence
{
    public required string Name { get; init; }

    public TimeSpan? Target { get; init; }

    /// <summary>The measured recovery time; null when nothing was measured or it never recovered.</summary>
    public TimeSpan? Measured { get; init; }

    public TimeSpan Resolution { get; init; }

    /// <summary>The verdict the source recorded (e.g. a report objective marked breached), if any.</summary>
    public bool? RecordedMet { get; init; }

    /// <summary>Why nothing was measured, for the breach message (e.g. "the measurement was stopped").</summary>
    public string? NotMeasuredReason { get; init; }

    /// <summary>The evidence of one Measure-RecoveryTime result.</summary>
    public static ObjectiveEvidence FromMeasurement(RecoveryMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new ObjectiveEvidence
        {
            Name = m.Name,
            Target = m.Objective,
            Measured = m.RecoveryTime,
            Resolution = m.Resolution,
            RecordedMet = m.RecoveryTime is null ? null : m.Met,
            NotMeasuredReason = m.RecoveryTime is not null ? null : NotMeasured(m),
        };
    }

    private static string NotMeasured(RecoveryMeasurement m)
    {
        var waited = ReportDurationText(m.EndedAt - m.StartedAt);
        var pending = string.Join(", ", m.Probes.Where(p => !p.Recovered).Select(p => p.Faulted ? $"{p.Name} (faulted: {p.LastError})" : $"{p.Name} ({p.LastStatus ?? "no answer"})"));
        var which = pending.Length > 0 ? $"; not recovered: {pending}" : string.Empty;
        return !m.Complete || m.Outcome == RecoveryOutcome.Cancelled
            ? $"the measurement is incomplete: it was stopped {waited} after t0, before every probe recovered{which}"
            : $"not every probe recovered within the measurement ({waited} after t0){which}";
    }

    private static string ReportDurationText(TimeSpan span) => Reports.ReportText.Duration(span);
}
