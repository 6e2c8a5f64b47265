using RollbackDrill.Engine.Recovery;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Watches the drill's stop conditions while it changes the cluster: each condition's probe is checked at its
/// interval, and when it has failed continuously for FailingFor the monitor cancels the drill (Aborted) with the reason.
/// </summary>
internal sealed class StopConditionMonitor
{
    private readonly List<(DrillStopCondition Condition, IProbeCheck Check, TimeSpan Interval)> watched;
    private readonly TimeProvider time;

    public StopConditionMonitor(IEnumerable<(DrillStopCondition, IProbeCheck, TimeSpan)> conditions, TimeProvider time)
    {
        watched = conditions.ToList();
        this.time = time;
    }

    /// <summary>Why the drill was aborted, or null.</summary>
    public string? Reason { get; private set; }

    public bool HasConditions => watched.Count > 0;

    public Task RunAsync(CancellationTokenSource abort, CancellationToken stop) =>
        Task.WhenAll(watched.Select(w => WatchAsync(w.Condition, w.Check, w.Interval, abort, stop)));

    private async Task WatchAsync(DrillStopCondition condition, IProbeCheck check, TimeSpan interval, CancellationTokenSource abort, CancellationToken stop)
    {
        DateTimeOffset? failingSince = null;
        string? last = null;
        while (!stop.IsCancellationRequested)
        {
            CheckOutcome outcome;
            try
            {
                outcome = await check.CheckAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (outcome.Passed)
            {
                failingSince = null;
            }
            else
            {
                failingSince ??= now;
                last = outcome.Error ?? outcome.Status;
                if (now - failingSince >= condition.FailingFor)
                {
                    lock (this)
                    {
                        Reason ??= $"Stop condition: probe '{condition.Probe}' failed continuously for {condition.FailingFor} (last: {last}).";
                    }

                    await abort.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }

            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
