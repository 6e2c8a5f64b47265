using System.Globalization;

namespace RollbackDrill.Engine.Drills;

/// <summary>Turns a drill file's probe into the probe Measure-RecoveryTime runs.</summary>
public static class DrillProbeMapper
{
    public static RecoveryProbe ToRecoveryProbe(DrillProbe probe, DrillDefinition drill, IReadOnlyDictionary<string, double>? baselines)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(drill);
        switch (probe.Kind)
        {
            case DrillProbeKind.Http:
                var http = new RecoveryProbe
                {
                    Name = probe.Name,
                    Kind = ProbeKind.Http,
                    Url = probe.Url,
                    Method = probe.Method,
                    ExpectedStatus = probe.ExpectedStatus.Select(ProbeStatusRange.Parse).ToList(),
                    BodyContains = probe.BodyContains,
                    JsonPath = probe.JsonPath,
                    JsonValue = probe.JsonValue,
                    SkipCertificateCheck = probe.SkipCertificateCheck,
                };
                return probe.HeaderFromEnvironment.Count == 0 ? http : http.WithHeaders(probe.HeaderFromEnvironment.Select(h =>
                    new KeyValuePair<string, string>(h.Key, Environment.GetEnvironmentVariable(h.Value) ?? throw new DrillException(
                        ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, $"Probe '{probe.Name}': the environment variable '{h.Value}' for header '{h.Key}' is not set.", probe.Name))));
            case DrillProbeKind.Tcp:
                var (host, port) = SplitAddress(probe);
                return new RecoveryProbe { Name = probe.Name, Kind = ProbeKind.Tcp, Host = host, Port = port };
            case DrillProbeKind.Prometheus:
                double? baseline = baselines is not null && baselines.TryGetValue(probe.Name, out var b) ? b : null;
                return new RecoveryProbe
                {
                    Name = probe.Name,
                    Kind = ProbeKind.PrometheusQuery,
                    PrometheusUrl = probe.Url,
                    Query = probe.Query,
                    Baseline = baseline,
                    TolerancePercent = probe.TolerancePercent ?? 10,
                    Threshold = probe.Threshold,
                    Comparison = probe.Comparison is { } c ? Enum.Parse<ProbeComparison>(c, ignoreCase: true) : probe.Threshold is null ? ProbeComparison.WithinTolerance : ProbeComparison.LessThanOrEqual,
                };
            default:
                return new RecoveryProbe { Name = probe.Name, Kind = ProbeKind.AlertsCleared, AlertsUrl = probe.Url, AlertMatchers = probe.AlertMatchers };
        }
    }

    private static (string Host, int Port) SplitAddress(DrillProbe probe)
    {
        var address = probe.Address ?? string.Empty;
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (address[..colon].Trim('[', ']'), port)
            : throw new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, $"Probe '{probe.Name}': '{address}' is not HOST:PORT.", probe.Name);
    }
}
