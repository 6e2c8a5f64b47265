namespace RollbackDrill.Sandbox.Helm;

/// <summary>Options of `helm rollback` (helm cmd rollback.go flags) for the emulator.</summary>
public sealed class HelmRollbackOptions
{
    /// <summary>--wait: wait until the target's workloads are ready (helm's ReadyChecker rules) up to Timeout.</summary>
    public bool Wait { get; init; }

    /// <summary>--timeout (default 5m0s), per phase as in helm.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--history-max (helm's default: $HELM_MAX_HISTORY or 10; 0 = no limit).</summary>
    public int MaxHistory { get; init; } = 10;

    /// <summary>--force (Helm 3) / --force-replace (Helm 4).</summary>
    public bool Force { get; init; }

    /// <summary>--recreate-pods (Helm 3 only): the pods of the target's Deployments are deleted after the update.</summary>
    public bool RecreatePods { get; init; }

    /// <summary>--cleanup-on-fail: objects created by a failed rollback are deleted.</summary>
    public bool CleanupOnFail { get; init; }

    /// <summary>--no-hooks (the sandbox's charts have no hooks; accepted for the contract).</summary>
    public bool NoHooks { get; init; }

    /// <summary>--dry-run: nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>Storage driver ("secret" or "configmap"); null = detect from the records.</summary>
    public string? Driver { get; init; }

    /// <summary>Fault: the helm process dies at this point (a killed helm leaves pending-rollback behind).</summary>
    public HelmRollbackKillPoint KillAt { get; init; }
}
