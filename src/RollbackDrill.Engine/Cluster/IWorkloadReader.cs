namespace RollbackDrill.Engine.Cluster;

/// <summary>Reads the workloads and pods of a release (by label selector) in one namespace.</summary>
public interface IWorkloadReader
{
    /// <summary>Deployments, StatefulSets and DaemonSets matching <paramref name="labelSelector"/>.</summary>
    Task<IReadOnlyList<LiveWorkload>> ListWorkloadsAsync(string ns, string labelSelector, CancellationToken cancellationToken);

    Task<IReadOnlyList<PodInfo>> ListPodsAsync(string ns, string labelSelector, DateTimeOffset now, CancellationToken cancellationToken);
}
