namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// Measures recovery: runs every probe concurrently at a fixed rate (one check in flight per probe), until each
/// has passed N times in a row, the deadline passes, or the token is cancelled (then a partial measurement,
/// Complete = false, is returned promptly). RTO clock (DESIGN.md): RecoveryTime = last recovery − t0, with the
/// bracket's half-width as its resolution.
/// </summary>
public sealed class RecoveryMeasurementService(ProbeCheckFactory checks, TimeProvider clock)
{
    public async Task<RecoveryMeasurement> MeasureAsync(RecoveryRequest request, IProgress<RecoveryProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var probeChecks = request.Probes.Select(checks.Create).ToList();
        var begin = clock.GetUtcNow();
        var t0 = request.Since ?? begin;
        var timeout = request.EffectiveTimeout;
        var trackers = request.Probes.Select(p => new ProbeTracker(p, request.ConsecutiveSuccesses, t0)).ToList();
        var samples = new List<ProbeSample>();

        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var loops = trackers.Select((t, i) => RunProbeAsync(i, t, probeChecks[i], request, samples, begin, timeout, progress, cancellationToken, linked.Token)).ToList();
        await Task.WhenAll(loops).ConfigureAwait(false);

        var end = clock.GetUtcNow();
        var cancelled = cancellationToken.IsCancellationRequested;
        var allRecovered = trackers.All(t => t.Recovered);
        var last = allRecovered ? RecoveryBracket.Last(trackers.Select(t => t.Bracket!.Value)) : (RecoveryBracket?)null;
        var recoveryTime = last is { } l ? l.Estimate - t0 : (TimeSpan?)null;
        var seconds = Math.Max((end - begin).TotalSeconds, 0.001);
        for (var i = 0; i < trackers.Count; i++)
        {
            progress?.Report(Progress(i, trackers[i], request, end - begin, timeout, completed: true));
        }

        List<ProbeSample> timeline;
        lock (samples)
        {
            timeline = samples.OrderBy(s => s.StartedAt).ToList();
        }

        return new RecoveryMeasurement
        {
            Name = request.Name,
            Objective = request.Objective,
            Tier = request.Tier,
            StartedAt = t0,
            EndedAt = end,
            RecoveredAt = last?.Estimate,
            RecoveryTime = recoveryTime,
            Resolution = last?.Resolution ?? TimeSpan.Zero,
            Met = allRecovered && (request.Objective is not { } o || recoveryTime <= o),
            Complete = !cancelled || allRecovered,
            Outcome = allRecovered ? RecoveryOutcome.Recovered : cancelled ? RecoveryOutcome.Cancelled : RecoveryOutcome.NotRecovered,
            Interval = request.Interval,
            ConsecutiveSuccesses = request.ConsecutiveSuccesses,
            RequestRate = trackers.Count == 0 ? 0 : trackers.Sum(t => t.Checks) / (double)trackers.Count / seconds,
            Probes = trackers.Select(t => t.ToResult(t0)).ToList(),
            Samples = timeline,
        };
    }

    private static void Validate(RecoveryRequest request)
    {
        if (request.Probes.Count == 0)
        {
            throw new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, "Nothing to measure: give at least one probe.");
        }

        if (request.ConsecutiveSuccesses < 1)
        {
            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "ConsecutiveSuccesses must be at least 1.");
        }

        if (request.Interval <= TimeSpan.Zero || request.EffectiveTimeout <= TimeSpan.Zero)
        {
            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "Interval and Timeout must be positive.");
        }

        var duplicate = request.Probes.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, $"Two probes are named '{duplicate.Key}': give each probe its own -Name.", duplicate.Key);
        }
    }

    private static RecoveryProgress Progress(int index, ProbeTracker t, RecoveryRequest request, TimeSpan elapsed, TimeSpan timeout, bool completed = false) =>
        new(index, t.Probe.Name, t.Checks, t.Failures, t.Streak, request.ConsecutiveSuccesses, t.Recovered, t.Last?.Status, t.Last?.Passed == false ? t.Last.Error : null, elapsed, timeout, completed);

    private async Task RunProbeAsync(
        int index,
        ProbeTracker tracker,
        IProbeCheck check,
        RecoveryRequest request,
        List<ProbeSample> samples,
        DateTimeOffset begin,
        TimeSpan timeout,
        IProgress<RecoveryProgress>? progress,
        CancellationToken userToken,
        CancellationToken token)
    {
        try
        {
            while (!tracker.Done && !token.IsCancellationRequested)
            {
                var started = clock.GetUtcNow();
                CheckOutcome outcome;
                try
                {
                    outcome = await check.CheckAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // Cut short by Ctrl+C: says nothing about the target. Cut short by the deadline before any
                    // answer at all: the report must show that the target never answered.
                    if (!userToken.IsCancellationRequested && tracker.Checks == 0)
                    {
                        outcome = CheckOutcome.Fail("no answer", "no answer before the deadline (-Timeout)");
                        var cut = new ProbeSample { Probe = tracker.Probe.Name, StartedAt = started, CompletedAt = clock.GetUtcNow(), Passed = false, Status = outcome.Status, Error = outcome.Error };
                        lock (samples)
                        {
                            samples.Add(cut);
                        }

                        tracker.Record(cut);
                    }

                    break;
                }
#pragma warning disable CA1031 // One probe's unexpected failure must not end the whole measurement: record it as a failed check.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    outcome = CheckOutcome.Fail("error", ex.Message);
                }

                var sample = new ProbeSample
                {
                    Probe = tracker.Probe.Name,
                    StartedAt = started,
                    CompletedAt = clock.GetUtcNow(),
                    Passed = outcome.Passed,
                    Status = outcome.Status,
                    Error = outcome.Error,
                };
                lock (samples)
                {
                    samples.Add(sample);
                }

                tracker.Record(sample, outcome.Permanent);
                progress?.Report(Progress(index, tracker, request, sample.CompletedAt - begin, timeout));

                // Fixed rate: the next check starts one interval after this one started (never two in flight).
                var wait = started + request.Interval - clock.GetUtcNow();
                if (!tracker.Done && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Deadline or Ctrl+C: the tracker holds what was measured.
        }
    }
}
