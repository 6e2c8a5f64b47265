using System.Management.Automation;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Captures the current value of Prometheus queries before a drill (request rate, p95 latency, ...), so that a
/// probe can wait until each is back within a tolerance of it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RecoveryBaseline")]
[OutputType(typeof(RecoveryBaseline))]
public sealed class GetRecoveryBaselineCommand : DrillCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public Uri PrometheusUrl { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] Query { get; set; } = [];

    [Parameter]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    protected override void ProcessRecord()
    {
        if (RequestTimeout <= TimeSpan.Zero)
        {
            ThrowDrillError(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "-RequestTimeout must be positive.", RequestTimeout));
        }

        using var http = new HttpProbeClient();
        var service = new RecoveryBaselineService(http, TimeProvider.System);
        foreach (var query in Query)
        {
            try
            {
                var baseline = service.CaptureAsync(PrometheusUrl, query, RequestTimeout, CancellationToken).GetAwaiter().GetResult();
                WriteObject(baseline);
            }
            catch (DrillException ex)
            {
                WriteDrillError(ex.Kind switch
                {
                    DrillErrorKind.ConnectionError or DrillErrorKind.OperationTimeout =>
                        WithAdvice(ex, "Check -PrometheusUrl (Prometheus's base URL, e.g. http://prometheus:9090/) and that it is reachable from here."),
                    DrillErrorKind.InvalidArgument => WithAdvice(ex, "Fix the PromQL in -Query (try it in Prometheus's expression browser first)."),
                    _ => ex,
                }, query);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
