using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Rollback;

/// <summary>How rollbacks run: one overall deadline, parallelism, and the helm flags to pass.</summary>
public sealed record RollbackOptions
{
    /// <summary>One deadline for the whole run (helm's own --timeout applies per phase, so it cannot be the deadline).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many releases roll back at the same time.</summary>
    public int ThrottleLimit { get; init; } = 5;

    /// <summary>Pass --wait to helm as well (RollbackDrill always waits itself afterwards).</summary>
    public bool HelmWait { get; init; }

    /// <summary>Helm 4's --wait strategy (Helm 3: any strategy but HookOnly is --wait).</summary>
    public HelmWaitStrategy WaitStrategy { get; init; } = HelmWaitStrategy.Watcher;

    /// <summary>helm --force (Helm 3) / --force-replace (Helm 4).</summary>
    public bool ForceReplace { get; init; }

    public bool CleanupOnFail { get; init; }

    /// <summary>When another rollback or drill holds a release's lock: wait for it (within <see cref="Timeout"/>) instead of refusing.</summary>
    public bool WaitForLock { get; init; }

    /// <summary>What the release lock says is running, e.g. "Invoke-Rollback" or "Invoke-RollbackDrill drill.yaml".</summary>
    public string Operation { get; init; } = "Invoke-Rollback";

    public bool NoHooks { get; init; }
}
