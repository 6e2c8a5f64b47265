namespace RollbackDrill;

/// <summary>
/// What a Helm rollback of one release would do, resolved from Helm's storage without changing anything (Helm has no
/// real dry-run): current and target revision and why that target, chart/app version before → after, the workloads
/// that will be watched, the manifest diff, the exact helm command line, and whether it will be skipped. Never holds
/// the release's values (Helm's config).
/// </summary>
public sealed class RollbackPlan
{
    public required string Name { get; init; }

    /// <summary>The namespace of Helm's storage object (helm --namespace).</summary>
    public required string Namespace { get; init; }

    public string Context { get; init; } = string.Empty;

    public HelmStorageDriver StorageDriver { get; init; }

    /// <summary>The newest revision (helm's "current", whatever its status); null when the release has none.</summary>
    public int? CurrentRevision { get; init; }

    public string CurrentStatus { get; init; } = string.Empty;

    /// <summary>The revision to roll back to; null when none could be chosen.</summary>
    public int? TargetRevision { get; init; }

    public string TargetStatus { get; init; } = string.Empty;

    /// <summary>The revision the rollback writes (current + 1); null when it is skipped.</summary>
    public int? NewRevision { get; init; }

    /// <summary>How the target was chosen: Explicit (-Revision), PreviousRevision (Helm's rule, current − 1) or LastDeployed.</summary>
    public string TargetReason { get; init; } = string.Empty;

    /// <summary>False when the rollback will be skipped (see <see cref="SkipReason"/>).</summary>
    public bool WillRun { get; init; }

    /// <summary>None, ReleaseNotFound, SingleRevision, InvalidRevision, TargetNotInHistory, TargetIsCurrent, NoGoodRevision.</summary>
    public string SkipReason { get; init; } = "None";

    public string? SkipMessage { get; init; }

    /// <summary>Things to know before running it (failed or pending target, Helm's lock).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when the newest revision is pending-*: Helm's "another operation is in progress" lock.</summary>
    public bool Locked { get; init; }

    /// <summary>The lock's age (time since the pending revision was written), when known.</summary>
    public TimeSpan? LockAge { get; init; }

    /// <summary>The lock in words (helm's message, revision, status, age); null when not locked.</summary>
    public string? LockMessage { get; init; }

    /// <summary>True when the rollback must be confirmed even with -Confirm:$false (the lock); -Force skips that prompt.</summary>
    public bool RequiresConfirmation { get; init; }

    public string ChartBefore { get; init; } = string.Empty;

    public string ChartAfter { get; init; } = string.Empty;

    public string AppVersionBefore { get; init; } = string.Empty;

    public string AppVersionAfter { get; init; } = string.Empty;

    public IReadOnlyList<string> ImagesBefore { get; init; } = [];

    public IReadOnlyList<string> ImagesAfter { get; init; } = [];

    /// <summary>The Deployments, StatefulSets and DaemonSets of the target manifest: what the readiness wait watches.</summary>
    public IReadOnlyList<RollbackPlanWorkload> Workloads { get; init; } = [];

    /// <summary>Objects added, removed or changed from the current manifest to the target's (Secret values hidden).</summary>
    public IReadOnlyList<RollbackPlanChange> Changes { get; init; } = [];

    /// <summary>How many objects are identical in both manifests.</summary>
    public int UnchangedObjects { get; init; }

    /// <summary>The helm major version the command line was built for (3 or 4).</summary>
    public int HelmMajorVersion { get; init; } = 3;

    /// <summary>The helm arguments (an array: never run through a shell).</summary>
    public IReadOnlyList<string> HelmArguments { get; init; } = [];

    /// <summary>The helm command line for reading (quoted like a POSIX shell would need it).</summary>
    public string HelmCommand { get; init; } = string.Empty;

    public DateTimeOffset PlannedAt { get; init; }

    public override string ToString() => WillRun
        ? $"{Name}: {CurrentRevision} → {TargetRevision}"
        : $"{Name}: skipped ({SkipReason})";
}
