namespace RollbackDrill;

/// <summary>One check of one probe, for the report's timeline.</summary>
public sealed class ProbeSample
{
    public required string Probe { get; init; }

    /// <summary>When the check started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When its answer (or failure) arrived.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    public required bool Passed { get; init; }

    /// <summary>What was seen: "HTTP 200", "connected", "value 104.2", "0 firing alerts".</summary>
    public required string Status { get; init; }

    /// <summary>Why the check failed, when it did.</summary>
    public string? Error { get; init; }

    public TimeSpan Duration => CompletedAt - StartedAt;

    public override string ToString() => $"{StartedAt:HH:mm:ss.fff} {Probe} {(Passed ? "pass" : "FAIL")} {Status}";
}
