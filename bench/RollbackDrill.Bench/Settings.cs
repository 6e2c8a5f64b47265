namespace RollbackDrill.Bench;

/// <summary>Sizes and repetition counts of one run (bounded so the whole run stays under ~10 minutes on 2 cores).</summary>
internal sealed class Settings
{
    public required string WorkDir { get; init; }

    public int Releases { get; init; } = 200;

    public int Revisions { get; init; } = 20;

    public int Namespaces { get; init; } = 10;

    public int DeepRevisions { get; init; } = 200;

    public int LoadRepetitions { get; init; } = 3;

    public int ProcessRepetitions { get; init; } = 5;

    public int WatchEvents { get; init; } = 100;

    public int ImportChildren { get; init; } = 5;

    public int RollbackRepetitions { get; init; } = 3;

    public int ParallelReleases { get; init; } = 20;

    public int RecoveryTrials { get; init; } = 20;

    public int ReadinessTrials { get; init; } = 5;

    public static Settings Quick(string workDir) => new()
    {
        WorkDir = workDir,
        LoadRepetitions = 2,
        ProcessRepetitions = 3,
        WatchEvents = 20,
        ImportChildren = 2,
        RollbackRepetitions = 1,
        RecoveryTrials = 5,
        ReadinessTrials = 2,
    };
}
