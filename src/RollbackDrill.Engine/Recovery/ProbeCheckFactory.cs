using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// Builds the check for a probe definition, after validating that it has what its kind needs. Kubernetes readiness
/// probes need <paramref name="releases"/>: the cluster port for a probe (null when none was given).
/// </summary>
public sealed class ProbeCheckFactory(IHttpProbeClient http, Func<RecoveryProbe, IReleaseRolloutReader?>? releases = null)
{
    /// <summary>A factory whose Kubernetes probes all read through <paramref name="releases"/>.</summary>
    public ProbeCheckFactory(IHttpProbeClient http, IReleaseRolloutReader releases)
        : this(http, _ => releases)
    {
    }

    private readonly PrometheusApi prometheus = new(http);
    private readonly AlertmanagerApi alertmanager = new(http);

    public IProbeCheck Create(RecoveryProbe probe)
    {
        Validate(probe);
        return probe.Kind switch
        {
            ProbeKind.Http => new HttpCheck(probe, http),
            ProbeKind.Tcp => new TcpCheck(probe),
            ProbeKind.PrometheusQuery => new PrometheusQueryCheck(probe, prometheus),
            ProbeKind.AlertsCleared => new AlertsClearedCheck(probe, alertmanager, prometheus),
            ProbeKind.KubernetesReadiness => new ReleaseReadinessCheck(probe, releases?.Invoke(probe)
                ?? throw Invalid(probe, "a Kubernetes probe needs a cluster connection, and none was given")),
            _ => throw Invalid(probe, $"unknown probe kind {probe.Kind}"),
        };
    }

    /// <summary>Checks a definition before probing starts: a setup error, not a per-check failure.</summary>
    public static void Validate(RecoveryProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.RequestTimeout <= TimeSpan.Zero)
        {
            throw Invalid(probe, "RequestTimeout must be positive");
        }

        switch (probe.Kind)
        {
            case ProbeKind.Http:
                if (probe.Url is not { IsAbsoluteUri: true } u || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                {
                    throw Invalid(probe, "an HTTP probe needs an absolute http:// or https:// URL");
                }

                if (probe.JsonValue is not null && probe.JsonPath is null)
                {
                    throw Invalid(probe, "JsonValue needs JsonPath");
                }

                if (probe.JsonPath is { } path)
                {
                    _ = JsonPathValue.Steps(path);
                }

                if (probe.BodyMatch is { } pattern)
                {
                    _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                }

                break;
            case ProbeKind.Tcp:
                if (string.IsNullOrWhiteSpace(probe.Host) || probe.Port is < 1 or > 65535)
                {
                    throw Invalid(probe, "a TCP probe needs a host and a port (1-65535)");
                }

                break;
            case ProbeKind.PrometheusQuery:
                if (probe.PrometheusUrl is not { IsAbsoluteUri: true } || string.IsNullOrWhiteSpace(probe.Query))
                {
                    throw Invalid(probe, "a Prometheus probe needs -PrometheusUrl and -Query");
                }

                if (probe.Comparison == ProbeComparison.WithinTolerance && probe.Baseline is null)
                {
                    throw Invalid(probe, "a Prometheus probe needs -Baseline (captured before the drill, e.g. with Get-RecoveryBaseline) or -Comparison with -Threshold");
                }

                if (probe.Comparison != ProbeComparison.WithinTolerance && probe.Threshold is null)
                {
                    throw Invalid(probe, $"-Comparison {probe.Comparison} needs -Threshold");
                }

                if (probe.TolerancePercent < 0)
                {
                    throw Invalid(probe, "TolerancePercent cannot be negative");
                }

                break;
            case ProbeKind.AlertsCleared:
                if (probe.AlertsUrl is not { IsAbsoluteUri: true })
                {
                    throw Invalid(probe, "an alerts probe needs the Alertmanager (or Prometheus) URL");
                }

                break;
            case ProbeKind.KubernetesReadiness:
                // helm: release names are DNS-1123 names of at most 53 characters.
                if (string.IsNullOrWhiteSpace(probe.Release) || probe.Release.Length > 53 || string.IsNullOrWhiteSpace(probe.Namespace))
                {
                    throw Invalid(probe, "a Kubernetes probe needs a release name (at most 53 characters) and a namespace");
                }

                break;
        }
    }

    private static DrillException Invalid(RecoveryProbe probe, string why) =>
        new(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, $"Probe '{probe.Name}': {why}.", probe);
}
