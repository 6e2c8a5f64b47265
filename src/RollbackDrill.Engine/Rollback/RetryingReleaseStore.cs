using Polly;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Helm;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// Helm's storage for rollbacks, with the reads retried on transient failures (429 honouring Retry-After, 5xx,
/// transport) through <see cref="ApiRetry"/>: a rollback plans and verifies from these reads, and one 503 must not
/// turn into "nothing was done" or "state unknown". Reads only, so retrying is always safe.
/// </summary>
public sealed class RetryingReleaseStore : IReleaseStore
{
    private readonly IReleaseStore inner;
    private readonly ResiliencePipeline retry;

    public RetryingReleaseStore(IReleaseStore inner, ResiliencePipeline? retry = null)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.retry = retry ?? ApiRetry.Create();
    }

    public Task<IReadOnlyList<ReleaseRecord>> ListAsync(string? ns, string? releaseName, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await inner.ListAsync(ns, releaseName, ct).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<string?> GetPayloadAsync(ReleaseRecord record, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await inner.GetPayloadAsync(record, ct).ConfigureAwait(false), cancellationToken).AsTask();
}
