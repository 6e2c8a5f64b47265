using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Rollback;

/// <summary>The ports a rollback needs on one cluster: Helm's storage, the workload API, pods, and helm itself.</summary>
public sealed class RollbackCluster
{
    public required IReleaseStore Releases { get; init; }

    public required IWorkloadApi Workloads { get; init; }

    public required IWorkloadReader Pods { get; init; }

    public required IHelmExecutor Helm { get; init; }

    /// <summary>Where the release locks live (ConfigMaps in the release namespaces): one rollback of a release at a time.</summary>
    public required IReleaseLockStore Locks { get; init; }

    public required HelmConnection Connection { get; init; }

    public HelmStorageDriver Driver { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
