using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Builds a probe definition for Measure-RecoveryTime -Probe: HTTP(S), TCP, a Prometheus query against a baseline
/// or threshold, or "no firing alert" in Alertmanager or Prometheus. Nothing is contacted here.
/// </summary>
[Cmdlet(VerbsCommon.New, "RecoveryProbe", DefaultParameterSetName = HttpSet)]
[OutputType(typeof(RecoveryProbe))]
public sealed class NewRecoveryProbeCommand : DrillCmdlet
{
    private const string HttpSet = "Http";
    private const string TcpSet = "Tcp";
    private const string PrometheusSet = "Prometheus";
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

    [Parameter(Mandatory = true, ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Query { get; set; } = null!;

    /// <summary>A number, or a RecoveryBaseline (piped from Get-RecoveryBaseline, it binds from its Value).</summary>
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
            var probe = ParameterSetName switch
            {
                TcpSet => ProbeBuilder.Tcp(Name, TcpAddress, RequestTimeout),
                PrometheusSet => ProbeBuilder.Prometheus(Name, PrometheusUrl, Query, Baseline, TolerancePercent, Comparison, Threshold, RequestTimeout),
                AlertmanagerSet => ProbeBuilder.Alerts(Name, AlertmanagerUrl, AlertSource.Alertmanager, AlertMatcher, RequestTimeout),
                PrometheusAlertsSet => ProbeBuilder.Alerts(Name, PrometheusUrl, AlertSource.Prometheus, AlertMatcher, RequestTimeout),
                _ => Http(),
            };
            ProbeCheckFactory.Validate(probe);
            WriteObject(probe);
        }
        catch (DrillException ex)
        {
            WriteDrillError(ex);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            WriteDrillError(new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, ex.Message, Name, ex));
        }
    }

    private RecoveryProbe Http()
    {
        var probe = ProbeBuilder.Http(Name, Url, Method, ExpectedStatus, RequestTimeout, SkipCertificateCheck.IsPresent);
        probe = new RecoveryProbe
        {
            Name = probe.Name,
            Kind = probe.Kind,
            Url = probe.Url,
            Method = probe.Method,
            ExpectedStatus = probe.ExpectedStatus,
            RequestTimeout = probe.RequestTimeout,
            SkipCertificateCheck = probe.SkipCertificateCheck,
            BodyContains = BodyContains,
            BodyMatch = BodyMatch,
            JsonPath = JsonPath,
            JsonValue = JsonValue,
        };
        return Header is { Count: > 0 } ? probe.WithHeaders(ProbeBuilder.Labels(Header)) : probe;
    }
}
