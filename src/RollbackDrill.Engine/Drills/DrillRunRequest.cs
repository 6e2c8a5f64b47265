using RollbackDrill.Engine.Rollback;

namespace RollbackDrill.Engine.Drills;

/// <summary>Everything one drill run needs: the definition, the cluster ports for its context, and the run options.</summary>
public sealed record DrillRunRequest
{
    public required DrillDefinition Drill { get; init; }

    /// <summary>The ports (Helm storage, workloads, pods, helm) for the drill's context.</summary>
    public required RollbackCluster Cluster { get; init; }

    /// <summary>The context actually used (the drill's, or the one given to Invoke-RollbackDrill).</summary>
    public required string Context { get; init; }

    public string? Server { get; init; }

    /// <summary>-WhatIf: plan and read only; nothing is written to the cluster and no step runs.</summary>
    public bool DryRun { get; init; }

    public string? Operator { get; init; }

    public string? ToolVersion { get; init; }

    /// <summary>Helm major the rollback command lines are built for.</summary>
    public Rules.HelmMajor HelmMajor { get; init; } = Rules.HelmMajor.V3;

    /// <summary>helm options (the drill's timeout is applied on top of them).</summary>
    public RollbackOptions RollbackOptions { get; init; } = new();

    /// <summary>Overrides the drill's spec.timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Step names not to run (recorded as Skipped, e.g. a smoke test that needs the production network).</summary>
    public IReadOnlySet<string> SkipSteps { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Builds a probe of the drill into a recovery probe, given the baselines captured so far (name → value).</summary>
    public required Func<DrillProbe, IReadOnlyDictionary<string, double>, RecoveryProbe> MapProbe { get; init; }

    /// <summary>Interval between checks of a probe without its own interval.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Working directory of run steps without their own (the drill file's folder).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Called after every phase with the journal so far (e.g. to write it to disk); exceptions are reported as observations.</summary>
    public Action<DrillResult>? Checkpoint { get; init; }
}
