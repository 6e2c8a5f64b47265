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

    /// <summary>
    /// Measures in the foreground with progress bars; Ctrl+C (the token) returns at once. The measurement also goes
    /// to the global variable <paramref name="resultVariable"/> before anything is written: a stopped pipeline
    /// rejects output, the variable still gets the partial measurement. Faulted probes become errors, probes that
    /// never recovered warnings.
    /// </summary>
    public RecoveryMeasurement Run(PSCmdlet cmdlet, string resultVariable, Action<DrillException, object?> writeError, CancellationToken cancellationToken)
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

                // At most ~5 progress updates a second: the console host redraws on every record.
                if (DateTime.UtcNow - lastParent >= TimeSpan.FromMilliseconds(200) && latest.Count > 0)
                {
                    lastParent = DateTime.UtcNow;
                    var any = latest.Values.First();
                    cmdlet.WriteProgress(bars.Parent(any.Elapsed, any.Timeout, latest.Values.Count(v => v.Recovered), request.Probes.Count, false));
                    foreach (var p in latest.Values)
                    {
                        cmdlet.WriteProgress(Bar(p, false));
                    }
                }
            }
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the token is cancelled; the engine returns the partial measurement at once.
        }

        var measurement = task.GetAwaiter().GetResult();
        cmdlet.SessionState.PSVariable.Set("global:" + resultVariable, measurement);
        if (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        // Every probe's bar is closed, also when the loop above already drained its final report.
        foreach (var p in queue.Drain())
        {
            latest[p.ProbeIndex] = p;
        }

        foreach (var p in latest.Values)
        {
            cmdlet.WriteProgress(Bar(p, true));
        }

        cmdlet.WriteProgress(bars.Parent(measurement.EndedAt - measurement.StartedAt, request.EffectiveTimeout, measurement.Probes.Count(p => p.Recovered), measurement.Probes.Count, true));
        foreach (var (error, target) in Problems(measurement))
        {
            writeError(error, target);
        }

        Warnings(measurement).ForEach(cmdlet.WriteWarning);
        return measurement;
    }

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

    private IEnumerable<(DrillException Error, object Target)> Problems(RecoveryMeasurement measurement) =>
        measurement.Probes.Where(p => p.Faulted).Select(failed => (
            new DrillException(ErrorIds.ProbeFaulted, DrillErrorKind.InvalidArgument, $"Probe '{failed.Name}' stopped: {failed.LastError}", failed.Name)
            {
                RecommendedAction = "Fix the probe definition (query, URL, access); retrying cannot make it pass.",
            },
            (object)request.Probes.First(p => p.Name == failed.Name)));

    private List<string> Warnings(RecoveryMeasurement measurement) =>
        measurement.Outcome != RecoveryOutcome.NotRecovered
            ? []
            : measurement.Probes.Where(p => !p.Recovered && !p.Faulted)
                .Select(p => $"'{p.Name}' did not recover within {request.EffectiveTimeout}: {p.Checks} checks, {p.Failures} failed; last: {p.LastError ?? p.LastStatus}.")
                .ToList();

    private ProgressRecord Bar(RecoveryProgress p, bool completed) =>
        bars.Probe(p.ProbeIndex, p.Probe, p.Checks, p.Failures, p.Streak, p.Required, p.Recovered, p.LastStatus, p.LastError, p.Elapsed, p.Timeout, completed);
}
