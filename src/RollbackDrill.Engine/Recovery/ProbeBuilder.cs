using System.Collections;
using System.Globalization;

namespace RollbackDrill.Engine.Recovery;

/// <summary>Builds probe definitions from parameters (shared by New-RecoveryProbe, Measure-RecoveryTime and drill files).</summary>
public static class ProbeBuilder
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>An HTTP(S) probe; <paramref name="headers"/> values stay private to the probe (they may hold tokens).</summary>
    public static RecoveryProbe Http(
        string? name,
        Uri url,
        string? method,
        IEnumerable<string>? expectedStatus,
        TimeSpan? requestTimeout,
        bool skipCertificateCheck,
        string? bodyContains = null,
        string? bodyMatch = null,
        string? jsonPath = null,
        string? jsonValue = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var probe = new RecoveryProbe
        {
            Name = name ?? DefaultName(url),
            Kind = ProbeKind.Http,
            Url = url,
            Method = string.IsNullOrWhiteSpace(method) ? "GET" : method.ToUpperInvariant(),
            ExpectedStatus = (expectedStatus ?? []).Select(ProbeStatusRange.Parse).ToList(),
            RequestTimeout = requestTimeout ?? DefaultRequestTimeout,
            SkipCertificateCheck = skipCertificateCheck,
            BodyContains = bodyContains,
            BodyMatch = bodyMatch,
            JsonPath = jsonPath,
            JsonValue = jsonValue,
        };
        return headers is { Count: > 0 } ? probe.WithHeaders(headers) : probe;
    }

    public static RecoveryProbe Tcp(string? name, string address, TimeSpan? requestTimeout)
    {
        var (host, port) = ParseAddress(address);
        return new RecoveryProbe
        {
            Name = name ?? address,
            Kind = ProbeKind.Tcp,
            Host = host,
            Port = port,
            RequestTimeout = requestTimeout ?? DefaultRequestTimeout,
        };
    }

    public static RecoveryProbe Prometheus(string? name, Uri url, string query, double? baseline, double? tolerancePercent, ProbeComparison? comparison, double? threshold, TimeSpan? requestTimeout) => new()
    {
        Name = name ?? query,
        Kind = ProbeKind.PrometheusQuery,
        PrometheusUrl = url,
        Query = query,
        Baseline = baseline,
        TolerancePercent = tolerancePercent ?? 10,
        Comparison = comparison ?? (threshold is null ? ProbeComparison.WithinTolerance : ProbeComparison.LessThanOrEqual),
        Threshold = threshold,
        RequestTimeout = requestTimeout ?? DefaultRequestTimeout,
    };

    public static RecoveryProbe Alerts(string? name, Uri url, AlertSource source, IDictionary? matchers, TimeSpan? requestTimeout) => new()
    {
        Name = name ?? "alerts" + (matchers is { Count: > 0 } ? $" {{{string.Join(",", Labels(matchers).Select(m => m.Key + "=" + m.Value))}}}" : string.Empty),
        Kind = ProbeKind.AlertsCleared,
        AlertsUrl = url,
        AlertSource = source,
        AlertMatchers = Labels(matchers),
        RequestTimeout = requestTimeout ?? DefaultRequestTimeout,
    };

    /// <summary>Kubernetes readiness of a Helm release's workloads; <paramref name="context"/>/<paramref name="kubeconfig"/> say which cluster.</summary>
    public static RecoveryProbe Kubernetes(string? name, string release, string ns, string? context, string? kubeconfig, TimeSpan? requestTimeout) => new()
    {
        Name = name ?? release,
        Kind = ProbeKind.KubernetesReadiness,
        Release = release,
        Namespace = ns,
        KubeContext = context,
        Kubeconfig = kubeconfig,
        RequestTimeout = requestTimeout ?? DefaultRequestTimeout,
    };

    public static Dictionary<string, string> Labels(IDictionary? table)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table is not null)
        {
            foreach (DictionaryEntry e in table)
            {
                labels[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        return labels;
    }

    /// <summary>"api.example.com/readyz" for https://api.example.com/readyz.</summary>
    public static string DefaultName(Uri url) => url.IsAbsoluteUri ? url.Authority + url.AbsolutePath.TrimEnd('/') : url.ToString();

    /// <summary>Parses host:port, [v6]:port.</summary>
    public static (string Host, int Port) ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, $"'{address}' is not host:port (e.g. postgres.videokit:5432).", address);
        }

        return (address[..colon].Trim('[', ']'), port);
    }
}
