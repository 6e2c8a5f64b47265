using System.Net.Sockets;
using k8s.Autorest;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// Retry decisions for the workload services' API calls (transient: 429, 5xx, transport; Retry-After); the mapping
/// to <see cref="DrillException"/> is the shared <see cref="Cluster.KubeErrorMapper"/>'s.
/// </summary>
public static class WorkloadApiErrors
{
    /// <summary>Whether <paramref name="ex"/> is an API/transport failure (not the caller's own cancellation).</summary>
    public static bool IsApiFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpOperationException or HttpRequestException or TimeoutException or SocketException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// While a watch is being read: the stream broke. The connection dropped (IOException, HttpRequestException) or
    /// HttpClient failed on what it read (ArgumentOutOfRangeException from ParseStatusLine was seen on a connection
    /// cut mid-response). The watch is resumed from the last resourceVersion, as client-go's reflector does.
    /// </summary>
    public static bool IsDroppedWatch(Exception ex) => ex is IOException or HttpRequestException or ArgumentOutOfRangeException;

    /// <summary>The HTTP status of an API failure, or null for a transport failure.</summary>
    public static int? StatusOf(Exception ex) => ex is HttpOperationException { Response: { } r } ? (int)r.StatusCode : null;

    /// <summary>Worth retrying: throttled (429), a server error (5xx) or a transport failure.</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        IsApiFailure(ex, cancellationToken) && StatusOf(ex) is null or 429 or >= 500;

    /// <summary>The Retry-After the server sent (seconds), if any.</summary>
    public static TimeSpan? RetryAfter(Exception ex)
    {
        if (ex is HttpOperationException { Response.Headers: { } headers }
            && headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    /// <summary>Maps an API failure to a <see cref="DrillException"/> through the shared <see cref="Cluster.KubeErrorMapper"/>.</summary>
    /// <param name="ex">The failure.</param>
    /// <param name="verb">The RBAC verb: get, list, watch, update, patch.</param>
    /// <param name="resource">The RBAC resource, e.g. deployments.apps or deployments.apps/scale.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="target">What the caller worked on (workload, release) for the ErrorRecord.</param>
    /// <param name="name">The object name, if any.</param>
    public static DrillException Map(Exception ex, string verb, string resource, string ns, object? target = null, string? name = null) =>
        Cluster.KubeErrorMapper.Map(ex, verb, resource, ns, target, name);
}
