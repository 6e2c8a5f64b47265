using Polly;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// The workload and pod lists of a release (before/after states, pods after a rollback), with the reads retried on
/// transient failures through <see cref="ApiRetry"/> like <see cref="RetryingReleaseStore"/>: reads only, so
/// retrying is always safe, and a drill's after state must survive a flaky API server.
/// </summary>
public sealed class RetryingWorkloadReader : IWorkloadReader
{
    private readonly IWorkloadReader inner;
    private readonly ResiliencePipeline retry;

    public RetryingWorkloadReader(IWorkloadReader inner, ResiliencePipeline? retry = null)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.retry = retry ?? ApiRetry.Create();
    }

    public Task<IReadOnlyList<LiveWorkload>> ListWorkloadsAsync(string ns, string labelSelector, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await inner.ListWorkloadsAsync(ns, labelSelector, ct).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(string ns, string labelSelector, DateTimeOffset now, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await inner.ListPodsAsync(ns, labelSelector, now, ct).ConfigureAwait(false), cancellationToken).AsTask();
}
