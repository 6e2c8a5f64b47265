using k8s.Models;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// The port the workload services use to reach the cluster. Failures are the adapter's exceptions (HTTP, transport);
/// services map them with <see cref="WorkloadApiErrors"/>.
/// </summary>
public interface IWorkloadApi
{
    /// <summary>Lists workloads of one kind in a namespace (label and field selectors optional).</summary>
    Task<WorkloadList> ListAsync(string kind, string ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken);

    /// <summary>
    /// Watches workloads of one kind from <paramref name="resourceVersion"/>. The sequence ends when the server closes
    /// the stream; a 410 Gone is thrown as <see cref="WatchExpiredException"/>; transport failures as the adapter's exceptions.
    /// </summary>
    IAsyncEnumerable<WorkloadWatchEvent> WatchAsync(
        string kind, string ns, string? labelSelector, string? fieldSelector, string? resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken);

    Task<WorkloadScale> GetScaleAsync(string kind, string ns, string name, CancellationToken cancellationToken);

    /// <summary>Replaces spec.replicas through /scale with resourceVersion as precondition (409 Conflict when it changed).</summary>
    Task<WorkloadScale> ReplaceScaleAsync(string kind, string ns, string name, int replicas, string? resourceVersion, CancellationToken cancellationToken);

    Task<V1Deployment> GetDeploymentAsync(string ns, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<V1ReplicaSet>> ListReplicaSetsAsync(string ns, string labelSelector, CancellationToken cancellationToken);

    /// <summary>Sends a JSON patch (application/json-patch+json) to a Deployment.</summary>
    Task<V1Deployment> PatchDeploymentAsync(string ns, string name, string jsonPatch, CancellationToken cancellationToken);
}
