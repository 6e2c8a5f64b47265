namespace RollbackDrill.Engine.Recovery;

/// <summary>A progress report for one probe after a check (Completed: the measurement has ended).</summary>
public sealed record RecoveryProgress(
    int ProbeIndex,
    string Probe,
    int Checks,
    int Failures,
    int Streak,
    int Required,
    bool Recovered,
    string? LastStatus,
    string? LastError,
    TimeSpan Elapsed,
    TimeSpan Timeout,
    bool Completed = false);
