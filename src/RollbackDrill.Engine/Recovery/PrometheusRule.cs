using System.Globalization;

namespace RollbackDrill.Engine.Recovery;

/// <summary>Whether a Prometheus value is back: within ±TolerancePercent of the baseline, or a comparison with Threshold.</summary>
public static class PrometheusRule
{
    public static CheckOutcome Evaluate(RecoveryProbe probe, double? value)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (value is not { } v)
        {
            return CheckOutcome.Fail("no data", "the query returned no series");
        }

        var status = "value " + v.ToString("G6", CultureInfo.InvariantCulture);
        if (double.IsNaN(v))
        {
            return CheckOutcome.Fail(status, "the value is NaN");
        }

        if (probe.Comparison == ProbeComparison.WithinTolerance)
        {
            var b = probe.Baseline ?? throw new InvalidOperationException("A WithinTolerance probe needs a baseline.");
            var allowed = Math.Abs(b) * probe.TolerancePercent / 100;
            return Math.Abs(v - b) <= allowed
                ? CheckOutcome.Pass(status)
                : CheckOutcome.Fail(status, string.Create(CultureInfo.InvariantCulture, $"{v:G6} is not within ±{probe.TolerancePercent:G4}% of the baseline {b:G6}"));
        }

        var t = probe.Threshold ?? throw new InvalidOperationException("A comparison probe needs a threshold.");
        var ok = probe.Comparison switch
        {
            ProbeComparison.LessThan => v < t,
            ProbeComparison.LessThanOrEqual => v <= t,
            ProbeComparison.GreaterThan => v > t,
            ProbeComparison.GreaterThanOrEqual => v >= t,
            ProbeComparison.Equal => v.Equals(t),
            _ => false,
        };
        return ok ? CheckOutcome.Pass(status) : CheckOutcome.Fail(status, string.Create(CultureInfo.InvariantCulture, $"{v:G6} is not {probe.Comparison} {t:G6}"));
    }
}
