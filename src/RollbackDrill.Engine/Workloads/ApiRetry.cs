using Polly;
using Polly.Retry;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// Bounded, jittered exponential retries for idempotent calls (reads, and writes guarded by a resourceVersion
/// precondition) on 429, 5xx and transport failures, honouring Retry-After. Never used for unconditioned writes.
/// A <see cref="DrillException"/> from an adapter that already mapped the failure is judged by its inner exception.
/// </summary>
public static class ApiRetry
{
    /// <summary>
    /// The retry pipeline: 6 retries, exponential from <paramref name="baseDelay"/> (200 ms) with jitter, each delay at
    /// most 10 s and at least the server's Retry-After (capped at 30 s), so about 14 s in all: an API server that is
    /// gone for 10 s and comes back is ridden out.
    /// </summary>
    public static ResiliencePipeline Create(int maxAttempts = 6, TimeSpan? baseDelay = null)
    {
        var first = baseDelay ?? TimeSpan.FromMilliseconds(200);
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = first,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args => ValueTask.FromResult(
                    Unwrap(args.Outcome.Exception) is { } ex && WorkloadApiErrors.IsTransient(ex, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(
                    Unwrap(args.Outcome.Exception) is { } ex && WorkloadApiErrors.RetryAfter(ex) is { } after
                        ? (TimeSpan?)Max(Min(after, TimeSpan.FromSeconds(30)), Backoff(first, args.AttemptNumber))
                        : null),
            })
            .Build();
    }

    /// <summary>Exponential backoff with ±25 % jitter, at most 10 s.</summary>
    private static TimeSpan Backoff(TimeSpan first, int attempt) =>
        Min(TimeSpan.FromMilliseconds(first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 10)) * (0.75 + (Random.Shared.NextDouble() / 2))), TimeSpan.FromSeconds(10));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static Exception? Unwrap(Exception? ex) => ex is DrillException { InnerException: { } inner } ? inner : ex is DrillException ? null : ex;
}
