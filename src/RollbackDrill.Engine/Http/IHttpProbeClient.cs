namespace RollbackDrill.Engine.Http;

/// <summary>
/// The port probes and the Prometheus/Alertmanager adapters send HTTP through. Network failures come back as
/// <see cref="ProbeFailureException"/> with a short, specific reason (DNS, refused, TLS, timeout).
/// </summary>
public interface IHttpProbeClient
{
    Task<HttpProbeResponse> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken);
}
