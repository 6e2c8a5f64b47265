using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>Captures a Prometheus query's value before a drill, as the baseline a probe waits to get back to.</summary>
public sealed class RecoveryBaselineService(IHttpProbeClient http, TimeProvider clock)
{
    private readonly PrometheusApi api = new(http);

    public async Task<RecoveryBaseline> CaptureAsync(Uri prometheusUrl, string query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheusUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        double? value;
        try
        {
            value = await api.QueryValueAsync(prometheusUrl, query, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeFailureException ex)
        {
            throw new DrillException(
                ErrorIds.BaselineCaptureFailed,
                ex.Permanent ? DrillErrorKind.InvalidArgument : DrillErrorKind.ConnectionError,
                $"Cannot capture the baseline of '{query}' from {prometheusUrl}: {ex.Message}",
                query,
                ex);
        }

        if (value is not { } v || double.IsNaN(v))
        {
            throw new DrillException(
                ErrorIds.BaselineCaptureFailed,
                DrillErrorKind.InvalidData,
                $"The query '{query}' returned no value at {prometheusUrl}: check the metric name and labels, or that Prometheus scrapes the target.",
                query);
        }

        return new RecoveryBaseline { PrometheusUrl = prometheusUrl, Query = query, Value = v, CapturedAt = clock.GetUtcNow() };
    }
}
