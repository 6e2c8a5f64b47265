using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Probes endpoints, metrics, alerts and release readiness until every probe has passed -ConsecutiveSuccesses times
/// in a row, and times the recovery from t0 against an objective. Binds parameters and writes one RecoveryMeasurement;
/// the work runs in the engine (<see cref="RecoveryMeasurementRunner"/>).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "RecoveryTime", DefaultParameterSetName = UrlSet)]
[OutputType(typeof(RecoveryMeasurement))]
[OutputType(typeof(Job))]
public sealed class MeasureRecoveryTimeCommand : RecoveryProbeCmdlet
{
    /// <summary>The variable that also receives the measurement (Ctrl+C discards a stopped command's output).</summary>
    public const string ResultVariable = "RecoveryMeasurement";

    private const string UrlSet = "Url";
    private const string AlertsSet = "Alerts";
    private const string ProbeSet = "Probe";

    private readonly List<RecoveryProbe> probes = [];
    private DateTimeOffset? since;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public Uri[] Url { get; set; } = [];

    [Parameter(ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ExpectedStatus { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = TcpSet)]
    [ValidateNotNullOrEmpty]
    public string[] TcpAddress { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    public Uri PrometheusUrl { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = AlertsSet)]
    public Uri AlertmanagerUrl { get; set; } = null!;

    [Parameter(ParameterSetName = AlertsSet)]
    public Hashtable? AlertMatcher { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ProbeSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public RecoveryProbe[] Probe { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "recovery";

    [Parameter]
    public TimeSpan? Objective { get; set; }

    [Parameter]
    [ValidateSet("Canary", "Full")]
    public string? Tier { get; set; }

    /// <summary>t0. Piped objects with an IssuedAt property (RollbackResult) bind here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("IssuedAt")]
    public DateTimeOffset? Since { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int ConsecutiveSuccesses { get; set; } = RecoveryRequest.DefaultConsecutiveSuccesses;

    [Parameter]
    public TimeSpan? Interval { get; set; }

    [Parameter]
    public TimeSpan? Timeout { get; set; }

    /// <summary>Runs the measurement as a background job; Receive-Job returns the measurement.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = TcpSet)]
    [Parameter(ParameterSetName = PrometheusSet)]
    [Parameter(ParameterSetName = AlertsSet)]
    [Parameter(ParameterSetName = KubernetesSet)]
    public TimeSpan? RequestTimeout { get; set; }

    protected override void ProcessRecord()
    {
        since = Since is { } s && (since is null || s < since) ? s : since; // several rollbacks piped in: timed from the first
        Build(ParameterSetName switch
        {
            ProbeSet => () => Probe.Where(p => p is not null),
            PrometheusSet => () => [PrometheusProbe(null, PrometheusUrl, RequestTimeout)],
            _ => () => [],
        });
    }

    protected override void EndProcessing()
    {
        Build(ParameterSetName switch
        {
            UrlSet => () => Url.Select(u => ProbeBuilder.Http(null, u, "GET", ExpectedStatus, RequestTimeout, SkipCertificateCheck.IsPresent)),
            TcpSet => () => TcpAddress.Select(a => ProbeBuilder.Tcp(null, a, RequestTimeout)),
            AlertsSet => () => [ProbeBuilder.Alerts(null, AlertmanagerUrl, AlertSource.Alertmanager, AlertMatcher, RequestTimeout)],
            KubernetesSet => () => KubernetesProbes(null, RequestTimeout),
            _ => () => [],
        });
        try
        {
            var request = RecoveryRequest.Create(Name, probes, since, Objective, Tier, ConsecutiveSuccesses, Interval, Timeout);
            WriteVerbose($"Probing {probes.Count} target(s) every {request.Interval.TotalMilliseconds:0} ms until each passes {request.ConsecutiveSuccesses} times in a row, for at most {request.EffectiveTimeout}.");
            var runner = new RecoveryMeasurementRunner(request, ConnectionsFor(probes));
            if (AsJob)
            {
                var job = runner.StartJob(MyInvocation.Line, (e, target) => ToErrorRecord(e, target));
                JobRepository.Add(job);
                WriteObject(job);
                return;
            }

            WriteObject(runner.Run(this, ResultVariable, WriteDrillError, CancellationToken));
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
        }
    }

    /// <summary>Adds the probes built from this record's parameters (a Prometheus probe once per query, as piped baselines repeat it).</summary>
    private void Build(Func<IEnumerable<RecoveryProbe>> build)
    {
        try
        {
            probes.AddRange(Validated(build, null).Where(p => ParameterSetName != PrometheusSet || !probes.Any(q => q.Name == p.Name)));
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
        }
    }
}
