namespace RollbackDrill;

/// <summary>
/// The outcome of waiting for a release's workloads (or a list of workloads) to roll out: each workload's ready time
/// and counters, and whether all became ready before the deadline.
/// </summary>
public sealed class ReadinessResult
{
    /// <summary>The Helm release waited for; null when workloads were named directly.</summary>
    public string? Release { get; init; }

    public required string Namespace { get; init; }

    public required string Context { get; init; }

    /// <summary>True when every workload rolled out before the deadline.</summary>
    public bool Succeeded { get; init; }

    /// <summary>True when the overall deadline (-Timeout) passed first.</summary>
    public bool TimedOut { get; init; }

    /// <summary>True when the wait was stopped (Ctrl+C) before it finished: the workloads show what was seen until then.</summary>
    public bool Cancelled { get; init; }

    /// <summary>What happened, in one sentence (names the first failed or unready workload and its counters).</summary>
    public required string Message { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    public TimeSpan Duration => CompletedAt - StartedAt;

    /// <summary>When the last workload became ready (null unless <see cref="Succeeded"/>).</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    public required IReadOnlyList<WorkloadReadiness> Workloads { get; init; }

    /// <summary>How many times a watch was re-opened (dropped streams, server timeouts, 410 Gone relists).</summary>
    public int WatchReconnects { get; init; }

    public override string ToString() => $"{Release ?? "(workloads)"}: {Message}";
}
