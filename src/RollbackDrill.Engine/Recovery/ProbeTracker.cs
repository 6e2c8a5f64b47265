namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// The state of one probe over its checks (pure; no clock, no I/O). A probe is recovered at the first check
/// of the first run of N consecutive passes; a failure resets the run.
/// </summary>
public sealed class ProbeTracker(RecoveryProbe probe, int consecutiveSuccesses, DateTimeOffset startedAt)
{
    private DateTimeOffset? lastFailedStart;
    private ProbeSample? streakFirst;
    private int streak;

    public RecoveryProbe Probe { get; } = probe;

    public int Checks { get; private set; }

    public int Failures { get; private set; }

    public int Streak => streak;

    public bool Recovered => Bracket is not null;

    public bool Faulted { get; private set; }

    public RecoveryBracket? Bracket { get; private set; }

    public ProbeSample? Last { get; private set; }

    public string? LastError { get; private set; }

    public bool Done => Recovered || Faulted;

    public void Record(ProbeSample sample, bool permanent = false)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (Done)
        {
            return;
        }

        Checks++;
        Last = sample;
        if (sample.Passed)
        {
            if (streak == 0)
            {
                streakFirst = sample;
            }

            streak++;
            if (streak >= consecutiveSuccesses)
            {
                // Lower bound: the last failed check's start, else t0 (healthy at the first check: recovered by then).
                var lower = lastFailedStart ?? Min(startedAt, streakFirst!.StartedAt);
                Bracket = new RecoveryBracket(lower, streakFirst!.CompletedAt);
            }
        }
        else
        {
            Failures++;
            streak = 0;
            streakFirst = null;
            lastFailedStart = sample.StartedAt;
            LastError = sample.Error;
            Faulted = permanent;
        }
    }

    public ProbeResult ToResult(DateTimeOffset t0) => new()
    {
        Name = Probe.Name,
        Kind = Probe.Kind,
        Target = Probe.Target,
        Recovered = Recovered,
        Faulted = Faulted,
        FirstHealthyAt = Bracket?.Upper,
        LastFailedAt = lastFailedStart,
        RecoveredAt = Bracket?.Estimate,
        RecoveryTime = Bracket is { } b ? b.Estimate - t0 : null,
        Resolution = Bracket?.Resolution ?? TimeSpan.Zero,
        Checks = Checks,
        Failures = Failures,
        LastStatus = Last?.Status,
        LastError = LastError,
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
