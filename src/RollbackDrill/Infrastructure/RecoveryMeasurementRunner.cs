using System.Management.Automation;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Recovery;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Runs Measure-RecoveryTime's measurement in the engine on worker threads: in the foreground (progress drained on
/// the pipeline thread, at most ~5 redraws a second) or as a <see cref="ProbeMeasurementJob"/>; and turns the result
/// into the errors (faulted probes) and warnings (probes that never recovered) the cmdlet or the job reports.
/// </summary>
internal sealed class RecoveryMeasurementRunner(RecoveryRequest request, Func<RecoveryProbe, ClusterConnection?> connections)
{
    private const int ProgressId = 6000;
    private readonly ProbeProgressWriter bars = new($"Measure-RecoveryTime {request.Name}", ProgressId);

    /// <summary>Measures in the foreground; Ctrl+C (the token) returns the partial measurement at once.</summary>
    public RecoveryMeasurement Run(Action<ProgressRecord> writeProgress, CancellationToken cancellationToken)
    {
        var queue = new ProbeProgressQueue<RecoveryProgress>();
        using var recovery = new ClusterRecovery(connections);
        var task = recovery.Service.MeasureAsync(request, queue, cancellationToken);
        var latest = new Dictionary<int, RecoveryProgress>();
        var lastParent = DateTime.MinValue;
        try
        {
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(100))
            {
                foreach (var p in queue.Drain())
                {
                    latest[p.ProbeIndex] = p;
                }

                if (DateTime.UtcNow - lastParent >= TimeSpan.FromMilliseconds(200) && latest.Count > 0)
                {
                    lastParent = DateTime.UtcNow;
                    var any = latest.Values.First();
                    writeProgress(bars.Parent(any.Elapsed, any.Timeout, latest.Values.Count(v => v.Recovered), request.Probes.Count, false));
                    foreach (var p in latest.Values)
                    {
                        writeProgress(Bar(p, false));
                    }
                }
            }
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the token is cancelled; the engine returns the partial measurement at once.
        }

        var measurement = task.GetAwaiter().GetResult();
        Completed = [.. queue.Drain().Where(p => p.Completed).Select(p => Bar(p, true)),
            bars.Parent(measurement.EndedAt - measurement.StartedAt, request.EffectiveTimeout, measurement.Probes.Count(p => p.Recovered), measurement.Probes.Count, true)];
        return measurement;
    }

    /// <summary>The Completed progress records closing every bar (written after a foreground run).</summary>
    public IReadOnlyList<ProgressRecord> Completed { get; private set; } = [];

    /// <summary>Measures as a background job; Receive-Job returns the measurement, its errors and warnings.</summary>
    public ProbeMeasurementJob StartJob(string command, Func<DrillException, object, ErrorRecord> toErrorRecord)
    {
        var job = new ProbeMeasurementJob(command, request.Name);
        job.Start(async token =>
        {
            using var recovery = new ClusterRecovery(connections);
            var measurement = await recovery.Service.MeasureAsync(request, null, token).ConfigureAwait(false);
            return (measurement, Problems(measurement).Select(e => toErrorRecord(e.Error, e.Target)).ToList(), Warnings(measurement));
        });
        return job;
    }

    public IEnumerable<(DrillException Error, object Target)> Problems(RecoveryMeasurement measurement) =>
        measurement.Probes.Where(p => p.Faulted).Select(failed => (
            new DrillException(ErrorIds.ProbeFaulted, DrillErrorKind.InvalidArgument, $"Probe '{failed.Name}' stopped: {failed.LastError}", failed.Name)
            {
                RecommendedAction = "Fix the probe definition (query, URL, access); retrying cannot make it pass.",
            },
            (object)request.Probes.First(p => p.Name == failed.Name)));

    public List<string> Warnings(RecoveryMeasurement measurement) =>
        measurement.Outcome != RecoveryOutcome.NotRecovered
            ? []
            : measurement.Probes.Where(p => !p.Recovered && !p.Faulted)
                .Select(p => $"'{p.Name}' did not recover within {request.EffectiveTimeout}: {p.Checks} checks, {p.Failures} failed; last: {p.LastError ?? p.LastStatus}.")
                .ToList();

    private ProgressRecord Bar(RecoveryProgress p, bool completed) =>
        bars.Probe(p.ProbeIndex, p.Probe, p.Checks, p.Failures, p.Streak, p.Required, p.Recovered, p.LastStatus, p.LastError, p.Elapsed, p.Timeout, completed);
}
