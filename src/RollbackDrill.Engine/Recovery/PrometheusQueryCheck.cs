using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>Prometheus probe: evaluates the PromQL query now and judges its value.</summary>
public sealed class PrometheusQueryCheck(RecoveryProbe probe, PrometheusApi api) : IProbeCheck
{
    public async Task<CheckOutcome> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var value = await api.QueryValueAsync(probe.PrometheusUrl!, probe.Query!, probe.RequestTimeout, cancellationToken).ConfigureAwait(false);
            return PrometheusRule.Evaluate(probe, value);
        }
        catch (ProbeFailureException ex)
        {
            return CheckOutcome.Fail("query failed", ex.Message, ex.Permanent);
        }
    }
}
