namespace RollbackDrill;

/// <summary>A parsed and validated drill file (<c>apiVersion: rollbackdrill/v1</c>, <c>kind: Drill</c>).</summary>
public sealed record DrillDefinition
{
    public const string CurrentApiVersion = "rollbackdrill/v1";

    public required string Name { get; init; }

    public string? Description { get; init; }

    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <summary>The file the drill came from; null when built in memory.</summary>
    public string? SourcePath { get; init; }

    public required string Environment { get; init; }

    /// <summary>The kube context, always explicit: a drill never runs against whatever context is current.</summary>
    public required string Context { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The overall time limit of the rollback and readiness phases (helm --timeout semantics).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<DrillObjective> Objectives { get; init; } = [];

    public required IReadOnlyList<DrillReleaseGroup> Groups { get; init; }

    public IReadOnlyList<DrillStep> Steps { get; init; } = [];

    public IReadOnlyList<DrillProbe> Probes { get; init; } = [];

    public DrillBaseline? Baseline { get; init; }

    public IReadOnlyList<DrillStopCondition> StopConditions { get; init; } = [];

    public IReadOnlyList<DrillReportOutput> Reports { get; init; } = [];

    public override string ToString() => $"{Name} ({Environment}, {Context}/{Namespace})";
}
