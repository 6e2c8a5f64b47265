namespace RollbackDrill;

/// <summary>
/// The journal of one drill run (Invoke-RollbackDrill): who ran what, where, with which tool version; every phase with
/// its timestamps; the rollback plans and results, the custom steps, the baselines and recovery measurements, the
/// before/after release states, the verdict per objective, observations and the transcript. It is written to the
/// journal file after every phase, so a stopped or crashed drill still leaves a record of what happened.
/// </summary>
public sealed class DrillResult
{
    public required string Drill { get; init; }

    public string? Description { get; init; }

    public string? SourcePath { get; init; }

    public string? Environment { get; init; }

    public required string Context { get; init; }

    public string? Server { get; init; }

    public required string Namespace { get; init; }

    public string? Operator { get; init; }

    public string? ToolVersion { get; init; }

    public bool DryRun { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    public DrillOutcome Outcome { get; set; } = DrillOutcome.Stopped;

    /// <summary>One line: what happened, e.g. "2 releases rolled back; objective full met (00:00:03.2 ± 0.05 s)".</summary>
    public string? Message { get; set; }

    /// <summary>What the drill left in the cluster when it did not complete (for the operator to act on).</summary>
    public string? StateLeft { get; set; }

    /// <summary>The RTO clock start: the first change the drill made to the cluster (a step or the first rollback).</summary>
    public DateTimeOffset? ClockStartedAt { get; set; }

    public IList<DrillPhaseResult> Phases { get; } = new List<DrillPhaseResult>();

    public IList<RollbackPlan> Plans { get; } = new List<RollbackPlan>();

    public IList<ReleaseStatus> Before { get; } = new List<ReleaseStatus>();

    public IList<RollbackResult> Rollbacks { get; } = new List<RollbackResult>();

    public IList<DrillStepResult> Steps { get; } = new List<DrillStepResult>();

    public IList<RecoveryBaseline> Baselines { get; } = new List<RecoveryBaseline>();

    public IList<RecoveryMeasurement> Measurements { get; } = new List<RecoveryMeasurement>();

    public IList<ReleaseStatus> After { get; } = new List<ReleaseStatus>();

    public IList<DrillVerdict> Verdicts { get; } = new List<DrillVerdict>();

    public IList<string> Observations { get; } = new List<string>();

    public IList<ReportTranscriptEntry> Transcript { get; } = new List<ReportTranscriptEntry>();

    /// <summary>The drill report built from this journal (also written to the drill file's report outputs).</summary>
    public DrillReport? Report { get; set; }

    public IList<string> ReportFiles { get; } = new List<string>();

    /// <summary>Where the journal was written (JSON), or null for a dry run.</summary>
    public string? JournalPath { get; set; }

    public TimeSpan? Duration => EndedAt is { } e ? e - StartedAt : null;

    public override string ToString() => $"{Drill}: {Outcome}{(Message is null ? string.Empty : " (" + Message + ")")}";
}
