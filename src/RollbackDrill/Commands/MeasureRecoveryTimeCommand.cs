using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Probes endpoints, metrics and alerts until every probe has passed -ConsecutiveSuccesses times in a row, and
/// times the recovery from t0 against an objective. The work runs in the engine on worker threads; this cmdlet
/// binds parameters, drains progress on the pipeline thread and writes one RecoveryMeasurement.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "RecoveryTime", DefaultParameterSetName = UrlSet)]
[OutputType(typeof(RecoveryMeasurement))]
public sealed class MeasureRecoveryTimeCommand : DrillCmdlet
{
    /// <summary>The variable that also receives the measurement (Ctrl+C discards a stopped command's output).</summary>
    public const string ResultVariable = "RecoveryMeasurement";

    private const string UrlSet = "Url";
    private const string TcpSet = "Tcp";
    private const string PrometheusSet = "Prometheus";
    private const string AlertsSet = "Alerts";
    private const string ProbeSet = "Probe";
    private const int ProgressId = 6000;

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

    [Parameter(Mandatory = true, ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Query { get; set; } = null!;

    [Parameter(ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Value")]
    public double? Baseline { get; set; }

    [Parameter(ParameterSetName = PrometheusSet)]
    [ValidateRange(0, 10000)]
    public double? TolerancePercent { get; set; }

    [Parameter(ParameterSetName = PrometheusSet)]
    public ProbeComparison? Comparison { get; set; }

    [Parameter(ParameterSetName = PrometheusSet)]
    public double? Threshold { get; set; }

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

    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(ParameterSetName = TcpSet)]
    [Parameter(ParameterSetName = PrometheusSet)]
    [Parameter(ParameterSetName = AlertsSet)]
    public TimeSpan? RequestTimeout { get; set; }

    protected override void ProcessRecord()
    {
        if (Since is { } s && (since is null || s < since))
        {
            since = s; // Several rollbacks piped in: recovery is timed from the first.
        }

        try
        {
            switch (ParameterSetName)
            {
                case ProbeSet:
                    probes.AddRange(Probe.Where(p => p is not null));
                    break;
                case PrometheusSet:
                    var probe = ProbeBuilder.Prometheus(null, PrometheusUrl, Query, Baseline, TolerancePercent, Comparison, Threshold, RequestTimeout);
                    if (!probes.Any(p => p.Name == probe.Name))
                    {
                        probes.Add(probe);
                    }

                    break;
            }
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            switch (ParameterSetName)
            {
                case UrlSet:
                    probes.AddRange(Url.Select(u => ProbeBuilder.Http(null, u, "GET", ExpectedStatus, RequestTimeout, SkipCertificateCheck.IsPresent)));
                    break;
                case TcpSet:
                    probes.AddRange(TcpAddress.Select(a => ProbeBuilder.Tcp(null, a, RequestTimeout)));
                    break;
                case AlertsSet:
                    probes.Add(ProbeBuilder.Alerts(null, AlertmanagerUrl, AlertSource.Alertmanager, AlertMatcher, RequestTimeout));
                    break;
            }

            if (Objective is { } o && o <= TimeSpan.Zero)
            {
                throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "-Objective must be positive.", o);
            }

            if (Objective is not null && Tier is not null)
            {
                throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "Give -Objective or -Tier, not both.");
            }

            foreach (var p in probes)
            {
                ProbeCheckFactory.Validate(p);
            }
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
        }
        catch (FormatException ex)
        {
            ThrowDrillError(new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, ex.Message, null, ex));
        }

        var request = new RecoveryRequest
        {
            Name = Name,
            Probes = probes,
            Since = since,
            Objective = Tier is null ? Objective : Objectives(Tier),
            Tier = Tier,
            ConsecutiveSuccesses = ConsecutiveSuccesses,
            Interval = Interval ?? RecoveryRequest.DefaultInterval,
            Timeout = Timeout,
        };
        WriteVerbose($"Probing {probes.Count} target(s) every {request.Interval.TotalMilliseconds:0} ms until each passes {request.ConsecutiveSuccesses} times in a row, for at most {request.EffectiveTimeout}.");
        Run(request);
    }

    private TimeSpan Objectives(string tier)
    {
        try
        {
            return RecoveryTiers.Objective(tier);
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
            throw; // not reached
        }
    }

    private void Run(RecoveryRequest request)
    {
        var queue = new ProbeProgressQueue<RecoveryProgress>();
        var bars = new ProbeProgressWriter($"Measure-RecoveryTime {request.Name}", ProgressId);
        using var http = new HttpProbeClient();
        var service = new RecoveryMeasurementService(new ProbeCheckFactory(http), TimeProvider.System);
        var task = service.MeasureAsync(request, queue, CancellationToken);
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
                    WriteProgress(bars.Parent(any.Elapsed, any.Timeout, latest.Values.Count(v => v.Recovered), request.Probes.Count, false));
                    foreach (var p in latest.Values)
                    {
                        WriteProgress(bars.Probe(p.ProbeIndex, p.Probe, p.Checks, p.Failures, p.Streak, p.Required, p.Recovered, p.LastStatus, p.LastError, p.Elapsed, p.Timeout, false));
                    }
                }
            }
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the token is cancelled; the engine returns the partial measurement at once.
        }

        RecoveryMeasurement measurement;
        try
        {
            measurement = task.GetAwaiter().GetResult();
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
            throw; // not reached
        }

        // Saved before anything is written: a stopped pipeline rejects output, the variable still gets it.
        SessionState.PSVariable.Set("global:" + ResultVariable, measurement);
        if (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        foreach (var p in queue.Drain().Where(p => p.Completed))
        {
            WriteProgress(bars.Probe(p.ProbeIndex, p.Probe, p.Checks, p.Failures, p.Streak, p.Required, p.Recovered, p.LastStatus, p.LastError, p.Elapsed, p.Timeout, true));
        }

        WriteProgress(bars.Parent(measurement.EndedAt - measurement.StartedAt, request.EffectiveTimeout, measurement.Probes.Count(p => p.Recovered), measurement.Probes.Count, true));

        foreach (var failed in measurement.Probes.Where(p => p.Faulted))
        {
            WriteDrillError(
                new DrillException(ErrorIds.ProbeFaulted, DrillErrorKind.InvalidArgument, $"Probe '{failed.Name}' stopped: {failed.LastError}", failed.Name)
                {
                    RecommendedAction = "Fix the probe definition (query, URL); retrying cannot make it pass.",
                },
                request.Probes.First(p => p.Name == failed.Name));
        }

        if (measurement.Outcome == RecoveryOutcome.NotRecovered)
        {
            foreach (var p in measurement.Probes.Where(p => !p.Recovered && !p.Faulted))
            {
                WriteWarning($"'{p.Name}' did not recover within {request.EffectiveTimeout}: {p.Checks} checks, {p.Failures} failed; last: {p.LastError ?? p.LastStatus}.");
            }
        }

        WriteObject(measurement);
    }
}
