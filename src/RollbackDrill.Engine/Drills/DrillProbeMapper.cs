using System.Globalization;
using RollbackDrill.Engine.Recovery;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Turns a drill file's probe into the probe Measure-RecoveryTime runs. Header values come from the environment
/// variables the file names (never from the file); a Prometheus probe compared within a tolerance uses the baseline
/// captured for that probe's name before the drill.
/// </summary>
public static class DrillProbeMapper
{
    public static RecoveryProbe ToRecoveryProbe(DrillProbe probe, DrillDefinition drill, IReadOnlyDictionary<string, double>? baselines)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(drill);
        var mapped = probe.Kind switch
        {
            DrillProbeKind.Http => ProbeBuilder.Http(
                probe.Name, Required(probe, probe.Url, "url"), probe.Method, probe.ExpectedStatus, null, probe.SkipCertificateCheck,
                probe.BodyContains, null, probe.JsonPath, probe.JsonValue, Headers(probe)),
            DrillProbeKind.Tcp => ProbeBuilder.Tcp(probe.Name, Required(probe, probe.Address, "address"), null),
            DrillProbeKind.Prometheus => Prometheus(probe, baselines),
            DrillProbeKind.Alerts => ProbeBuilder.Alerts(
                probe.Name, Required(probe, probe.Url, "url"), AlertSource.Alertmanager, probe.AlertMatchers.ToDictionary(m => m.Key, m => m.Value), null),
            DrillProbeKind.Kubernetes => ProbeBuilder.Kubernetes(
                probe.Name, Required(probe, probe.Release, "release"), probe.Namespace ?? drill.Namespace, drill.Context, null, null),
            _ => throw Invalid(probe, $"unknown probe kind {probe.Kind}"),
        };
        ProbeCheckFactory.Validate(mapped);
        return mapped;
    }

    private static RecoveryProbe Prometheus(DrillProbe probe, IReadOnlyDictionary<string, double>? baselines)
    {
        ProbeComparison? comparison = probe.Comparison is null ? null
            : Enum.TryParse<ProbeComparison>(probe.Comparison, ignoreCase: true, out var c) ? c
            : throw Invalid(probe, $"'{probe.Comparison}' is not one of: {string.Join(", ", Enum.GetNames<ProbeComparison>())}");
        if (comparison is null && probe.TolerancePercent is not null)
        {
            comparison = ProbeComparison.WithinTolerance;
        }

        double? baseline = null;
        var withinTolerance = comparison == ProbeComparison.WithinTolerance || (comparison is null && probe.Threshold is null);
        if (withinTolerance)
        {
            baseline = baselines is not null && baselines.TryGetValue(probe.Name, out var b) ? b
                : throw Invalid(probe, "it compares within a tolerance of a baseline, and no baseline was captured for it (spec.baseline)");
        }

        return ProbeBuilder.Prometheus(probe.Name, Required(probe, probe.Url, "url"), Required(probe, probe.Query, "query"), baseline, probe.TolerancePercent, comparison, probe.Threshold, null);
    }

    /// <summary>headersFromEnv: header name → environment variable; a variable that is not set is a setup error (its name only).</summary>
    private static Dictionary<string, string> Headers(DrillProbe probe)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, variable) in probe.HeaderFromEnvironment)
        {
            headers[header] = Environment.GetEnvironmentVariable(variable)
                ?? throw Invalid(probe, $"header {header} comes from the environment variable {variable}, which is not set");
        }

        return headers;
    }

    private static T Required<T>(DrillProbe probe, T? value, string field)
        where T : class =>
        value ?? throw Invalid(probe, string.Create(CultureInfo.InvariantCulture, $"a {probe.Kind} probe needs {field}"));

    private static DrillException Invalid(DrillProbe probe, string why) =>
        new(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, $"Probe '{probe.Name}': {why}.", probe.Name);
}
