namespace RollbackDrill.Sandbox.Helm;

/// <summary>Where a simulated `kill -9` of helm stops a rollback.</summary>
public enum HelmRollbackKillPoint
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>After revision N+1 was written as pending-rollback, before any workload was touched.</summary>
    AfterPendingRecord,

    /// <summary>After the target's manifest was applied, before the wait and the final status update.</summary>
    AfterApply,
}
