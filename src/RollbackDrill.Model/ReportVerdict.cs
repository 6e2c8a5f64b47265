namespace RollbackDrill;

/// <summary>The overall outcome of a drill as its report states it.</summary>
public enum ReportVerdict
{
    /// <summary>Nothing could be judged: no objective, probe or step carries a verdict.</summary>
    Inconclusive,

    /// <summary>Every objective with a verdict was met, no probe stayed unhealthy and no step failed.</summary>
    Passed,

    /// <summary>An objective was breached, a probe never became healthy, or a step failed.</summary>
    Failed,

    /// <summary>A -WhatIf run: nothing was changed, so nothing was measured.</summary>
    DryRun,
}
