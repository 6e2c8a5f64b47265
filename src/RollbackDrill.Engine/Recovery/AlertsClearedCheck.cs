using System.Globalization;
using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>Alerts probe ("alerts cleared"): passes when no firing alert matches every given label.</summary>
public sealed class AlertsClearedCheck(RecoveryProbe probe, AlertmanagerApi alertmanager, PrometheusApi prometheus) : IProbeCheck
{
    public async Task<CheckOutcome> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var firing = probe.AlertSource == AlertSource.Prometheus
                ? await prometheus.FiringAlertsAsync(probe.AlertsUrl!, probe.RequestTimeout, cancellationToken).ConfigureAwait(false)
                : await alertmanager.FiringAlertsAsync(probe.AlertsUrl!, probe.RequestTimeout, cancellationToken).ConfigureAwait(false);
            var matching = firing.Where(a => AlertLabels.Matches(a, probe.AlertMatchers)).ToList();
            if (matching.Count == 0)
            {
                return CheckOutcome.Pass("0 firing alerts");
            }

            var names = string.Join(", ", matching.Select(a => a.TryGetValue("alertname", out var n) ? n : "(unnamed)").Distinct().Take(5));
            var status = matching.Count.ToString(CultureInfo.InvariantCulture) + " firing alert" + (matching.Count == 1 ? string.Empty : "s");
            return CheckOutcome.Fail(status, $"{status}: {names}");
        }
        catch (ProbeFailureException ex)
        {
            return CheckOutcome.Fail("no answer", ex.Message, ex.Permanent);
        }
    }
}
