namespace RollbackDrill;

/// <summary>How a drill ended.</summary>
public enum DrillOutcome
{
    /// <summary>Every phase completed and every objective was met.</summary>
    Succeeded,

    /// <summary>Every phase completed but at least one recovery objective was missed (or could not be measured).</summary>
    ObjectiveMissed,

    /// <summary>A phase failed (a rollback, a step, the readiness wait); the journal says what was done and what state was left.</summary>
    Failed,

    /// <summary>A stop condition fired (a probe failing for too long) and the drill was aborted.</summary>
    Aborted,

    /// <summary>Stopped by the operator (Ctrl+C) or by the drill's overall timeout.</summary>
    Stopped,

    /// <summary>-WhatIf: planned and read only; nothing was written to the cluster.</summary>
    DryRun,
}
