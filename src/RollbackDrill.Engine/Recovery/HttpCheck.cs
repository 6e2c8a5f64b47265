using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>HTTP(S) probe: one request per check; TLS verified unless the probe skips it.</summary>
public sealed class HttpCheck(RecoveryProbe probe, IHttpProbeClient http) : IProbeCheck
{
    public async Task<CheckOutcome> CheckAsync(CancellationToken cancellationToken)
    {
        var request = new HttpProbeRequest(probe.Url!, probe.Method, probe.Headers, probe.RequestTimeout, probe.SkipCertificateCheck);
        try
        {
            var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return HttpExpectation.Evaluate(probe, response);
        }
        catch (ProbeFailureException ex)
        {
            return CheckOutcome.Fail("no answer", ex.Message, ex.Permanent);
        }
    }
}
