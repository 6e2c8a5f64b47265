using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Builds a probe definition for Measure-RecoveryTime -Probe: HTTP(S), TCP, a Prometheus query against a baseline
/// or threshold, "no firing alert" in Alertmanager or Prometheus, or the readiness of a Helm release's workloads.
/// Nothing is contacted here.
/// </summary>
[Cmdlet(VerbsCommon.New, "RecoveryProbe", DefaultParameterSetName = HttpSet)]
[OutputType(typeof(RecoveryProbe))]
public sealed class NewRecoveryProbeCommand : RecoveryProbeCmdlet
{
    private const string HttpSet = "Http";
    private const string AlertmanagerSet = "Alertmanager";
    private const string PrometheusAlertsSet = "PrometheusAlerts";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = HttpSet)]
    public Uri Url { get; set; } = null!;

    [Parameter(ParameterSetName = HttpSet)]
    [ValidateSet("GET", "HEAD", "POST", "PUT", "OPTIONS", IgnoreCase = true)]
    public string Method { get; set; } = "GET";

    [Parameter(ParameterSetName = HttpSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ExpectedStatus { get; set; }

    [Parameter(ParameterSetName = HttpSet)]
    [ValidateNotNullOrEmpty]
    public string? BodyContains { get; set; }

    [Parameter(ParameterSetName = HttpSet)]
    [ValidateNotNullOrEmpty]
    public string? BodyMatch { get; set; }

    [Parameter(ParameterSetName = HttpSet)]
    [ValidateNotNullOrEmpty]
    public string? JsonPath { get; set; }

    [Parameter(ParameterSetName = HttpSet)]
    public string? JsonValue { get; set; }

    [Parameter(ParameterSetName = HttpSet)]
    public Hashtable? Header { get; set; }

    [Parameter(ParameterSetName = HttpSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = TcpSet)]
    [ValidateNotNullOrEmpty]
    public string TcpAddress { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = PrometheusAlertsSet)]
    public Uri PrometheusUrl { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = AlertmanagerSet)]
    public Uri AlertmanagerUrl { get; set; } = null!;

    [Parameter(ParameterSetName = AlertmanagerSet)]
    [Parameter(Mandatory = true, ParameterSetName = PrometheusAlertsSet)]
    public Hashtable? AlertMatcher { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public TimeSpan? RequestTimeout { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(Validated(Probes, Name), enumerateCollection: true);
        }
        catch (DrillException ex)
        {
            WriteDrillError(ex);
        }
    }

    private IEnumerable<RecoveryProbe> Probes() => ParameterSetName switch
    {
        TcpSet => [ProbeBuilder.Tcp(Name, TcpAddress, RequestTimeout)],
        PrometheusSet => [PrometheusProbe(Name, PrometheusUrl, RequestTimeout)],
        AlertmanagerSet => [ProbeBuilder.Alerts(Name, AlertmanagerUrl, AlertSource.Alertmanager, AlertMatcher, RequestTimeout)],
        PrometheusAlertsSet => [ProbeBuilder.Alerts(Name, PrometheusUrl, AlertSource.Prometheus, AlertMatcher, RequestTimeout)],
        KubernetesSet => KubernetesProbes(Name, RequestTimeout),
        _ => [ProbeBuilder.Http(Name, Url, Method, ExpectedStatus, RequestTimeout, SkipCertificateCheck.IsPresent, BodyContains, BodyMatch, JsonPath, JsonValue, ProbeBuilder.Labels(Header))],
    };
}
