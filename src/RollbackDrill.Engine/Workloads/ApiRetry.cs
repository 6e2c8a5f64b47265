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
    public static ResiliencePipeline Create(int maxAttempts = 4, TimeSpan? baseDelay = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args => ValueTask.FromResult(
                    Unwrap(args.Outcome.Exception) is { } ex && WorkloadApiErrors.IsTransient(ex, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(
                    Unwrap(args.Outcome.Exception) is { } ex && WorkloadApiErrors.RetryAfter(ex) is { } after
                        ? (TimeSpan?)TimeSpan.FromTicks(Math.Min(after.Ticks, TimeSpan.FromSeconds(30).Ticks))
                        : null),
            })
            .Build();

    private static Exception? Unwrap(Exception? ex) => ex is DrillException { InnerException: { } inner } ? inner : ex is DrillException ? null : ex;
}
