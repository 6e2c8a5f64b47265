using System.Management.Automation;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Measure-RecoveryTime -AsJob: a real PowerShell job (Get-Job, Wait-Job, Receive-Job, Stop-Job) that runs the
/// measurement on a worker thread. Stop-Job cancels it; the partial measurement is still delivered to Receive-Job.
/// </summary>
internal sealed class ProbeMeasurementJob : Job
{
    private readonly CancellationTokenSource cancellation = new();

    public ProbeMeasurementJob(string command, string name)
        : base(command, name) => PSJobTypeName = "RecoveryMeasurementJob";

    public override string StatusMessage => JobStateInfo.State.ToString();

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;

    public override string Location => Environment.MachineName;

    /// <summary>Runs the measurement; <paramref name="run"/> returns the objects, errors and warnings to deliver.</summary>
    public void Start(Func<CancellationToken, Task<(object Result, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Warnings)>> run)
    {
        SetJobState(JobState.Running);
        _ = Task.Run(async () =>
        {
            try
            {
                var (result, errors, warnings) = await run(cancellation.Token).ConfigureAwait(false);
                foreach (var e in errors)
                {
                    Error.Add(e);
                }

                foreach (var w in warnings)
                {
                    Warning.Add(new WarningRecord(w));
                }

                Output.Add(PSObject.AsPSObject(result));
                SetJobState(cancellation.IsCancellationRequested ? JobState.Stopped : JobState.Completed);
            }
#pragma warning disable CA1031 // A job reports its failure through its Error stream and Failed state.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Error.Add(new ErrorRecord(ex, (ex as DrillException)?.ErrorId ?? "RecoveryJobFailed", ErrorCategory.NotSpecified, null));
                SetJobState(JobState.Failed);
            }
        });
    }

    public override void StopJob() => cancellation.Cancel();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            cancellation.Dispose();
        }

        base.Dispose(disposing);
    }
}
