using System.Collections.ObjectModel;
using System.Globalization;

namespace RollbackDrill;

/// <summary>
/// What one recovery probe checks (built by New-RecoveryProbe or Measure-RecoveryTime's simple parameters).
/// Only the properties of its <see cref="Kind"/> are used. Header values are never exposed: they may hold
/// tokens, so only <see cref="HeaderNames"/> is public.
/// </summary>
public sealed class RecoveryProbe
{
    private static readonly ReadOnlyDictionary<string, string> NoHeaders = new(new Dictionary<string, string>());

    public required string Name { get; init; }

    public required ProbeKind Kind { get; init; }

    // HTTP(S)
    public Uri? Url { get; init; }

    public string Method { get; init; } = "GET";

    /// <summary>Accepted status codes; empty means 200-299.</summary>
    public IReadOnlyList<ProbeStatusRange> ExpectedStatus { get; init; } = [];

    public string? BodyContains { get; init; }

    /// <summary>A .NET regular expression the body must match.</summary>
    public string? BodyMatch { get; init; }

    /// <summary>A JSON path like $.checks.redis.status or items[0].ready; with <see cref="JsonValue"/>.</summary>
    public string? JsonPath { get; init; }

    public string? JsonValue { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public bool SkipCertificateCheck { get; init; }

    public IReadOnlyList<string> HeaderNames => Headers.Keys.ToList();

    internal IReadOnlyDictionary<string, string> Headers { get; private init; } = NoHeaders;

    // TCP
    public string? Host { get; init; }

    public int Port { get; init; }

    // Prometheus query
    public Uri? PrometheusUrl { get; init; }

    public string? Query { get; init; }

    public double? Baseline { get; init; }

    public double TolerancePercent { get; init; } = 10;

    public ProbeComparison Comparison { get; init; } = ProbeComparison.WithinTolerance;

    public double? Threshold { get; init; }

    // Alerts cleared
    public Uri? AlertsUrl { get; init; }

    public AlertSource AlertSource { get; init; } = AlertSource.Alertmanager;

    public IReadOnlyDictionary<string, string> AlertMatchers { get; init; } = NoHeaders;

    // Kubernetes readiness of a Helm release's workloads
    public string? Release { get; init; }

    public string? Namespace { get; init; }

    /// <summary>
    /// The kube context the release is read through (a name, never credentials); null means the measuring cmdlet's.
    /// Not named Context: piped into Measure-RecoveryTime it would bind to -Context.
    /// </summary>
    public string? KubeContext { get; init; }

    /// <summary>The kubeconfig file path given when the probe was built; null means the default lookup.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>What is probed, for display: the URL, host:port, query or alerts API.</summary>
    public string Target => Kind switch
    {
        ProbeKind.Http => $"{Method} {Url}",
        ProbeKind.Tcp => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        ProbeKind.PrometheusQuery => $"{Query} @ {PrometheusUrl}",
        ProbeKind.KubernetesReadiness => $"release {Release} in namespace {Namespace}" + (KubeContext is null ? string.Empty : $" @ {KubeContext}"),
        ProbeKind.AlertsCleared => $"no firing alert {{{string.Join(", ", AlertMatchers.Select(m => $"{m.Key}=\"{m.Value}\""))}}} @ {AlertsUrl}",
        _ => Name,
    };

    /// <summary>A copy of this probe that sends the given request headers (values stay private).</summary>
    public RecoveryProbe WithHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new RecoveryProbe
        {
            Name = this.Name,
            Kind = this.Kind,
            Url = this.Url,
            Method = this.Method,
            ExpectedStatus = this.ExpectedStatus,
            BodyContains = this.BodyContains,
            BodyMatch = this.BodyMatch,
            JsonPath = this.JsonPath,
            JsonValue = this.JsonValue,
            RequestTimeout = this.RequestTimeout,
            SkipCertificateCheck = this.SkipCertificateCheck,
            Headers = new ReadOnlyDictionary<string, string>(headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)),
            Host = this.Host,
            Port = this.Port,
            PrometheusUrl = this.PrometheusUrl,
            Query = this.Query,
            Baseline = this.Baseline,
            TolerancePercent = this.TolerancePercent,
            Comparison = this.Comparison,
            Threshold = this.Threshold,
            AlertsUrl = this.AlertsUrl,
            AlertSource = this.AlertSource,
            AlertMatchers = this.AlertMatchers,
            Release = this.Release,
            Namespace = this.Namespace,
            KubeContext = this.KubeContext,
            Kubeconfig = this.Kubeconfig,
        };
    }

    public override string ToString() => $"{Name} ({Kind}: {Target})";
}
