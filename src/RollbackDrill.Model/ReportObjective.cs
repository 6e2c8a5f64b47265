namespace RollbackDrill;

/// <summary>
/// A recovery objective and what was measured against it, e.g. "Canary rollback", target 5 min, measured 4 min 55 s
/// at 1 s resolution. <see cref="Met"/> is taken as given, else computed as measured &lt;= target.
/// </summary>
public sealed record ReportObjective
{
    private readonly bool? met;

    public required string Name { get; init; }

    public TimeSpan? Target { get; init; }

    /// <summary>The measured time (e.g. RTO = healthy − t0); null when nothing was measured or it never recovered.</summary>
    public TimeSpan? Measured { get; init; }

    /// <summary>The measurement's resolution (probe interval): the measured value is exact to within it.</summary>
    public TimeSpan? Resolution { get; init; }

    /// <summary>True when met, false when breached, null when it cannot be judged (no target or no measurement).</summary>
    public bool? Met
    {
        get => met ?? (Target is { } t && Measured is { } m ? m <= t : null);
        init => met = value;
    }

    /// <summary>What the objective covers or why it was breached.</summary>
    public string? Description { get; init; }

    public override string ToString() => $"{Name}: {(Met is null ? "n/a" : Met.Value ? "met" : "breached")}";
}
