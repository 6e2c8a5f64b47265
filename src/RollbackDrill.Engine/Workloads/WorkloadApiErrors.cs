using System.Net;
using System.Net.Sockets;
using k8s.Autorest;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// Kubernetes API failures of the workload services → <see cref="DrillException"/> (404 ObjectNotFound, 401
/// AuthenticationError, 403 PermissionDenied naming the RBAC verb, 409 ResourceBusy, timeouts OperationTimeout,
/// unreachable ConnectionError). A minimal mapping local to Workloads until a shared mapper lands on main.
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

    /// <param name="ex">The failure.</param>
    /// <param name="verb">The RBAC verb: get, list, watch, update, patch.</param>
    /// <param name="resource">The RBAC resource, e.g. deployments.apps or deployments.apps/scale.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="target">What the caller worked on (workload, release) for the ErrorRecord.</param>
    /// <param name="name">The object name, if any.</param>
    public static DrillException Map(Exception ex, string verb, string resource, string ns, object? target = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var what = name is null ? $"{verb} {resource} in namespace {ns}" : $"{verb} {resource} '{name}' in namespace {ns}";
        if (ex is HttpOperationException http)
        {
            var status = http.Response?.StatusCode ?? 0;
            var server = ServerMessage(http);
            return status switch
            {
                HttpStatusCode.NotFound => new DrillException(
                    ErrorIds.ResourceNotFound, DrillErrorKind.ObjectNotFound, $"Not found: could not {what}{server}.", target, ex),
                HttpStatusCode.Unauthorized => new DrillException(
                    ErrorIds.AuthenticationFailed, DrillErrorKind.AuthenticationError,
                    $"The cluster rejected the credentials (401) when trying to {what}. Refresh the kubeconfig's credentials.", target, ex)
                {
                    RecommendedAction = "Refresh the credentials of the kube context.",
                },
                HttpStatusCode.Forbidden => new DrillException(
                    ErrorIds.PermissionDenied, DrillErrorKind.PermissionDenied,
                    $"Permission denied (403): the user needs RBAC permission to {what}{server}.", target, ex)
                {
                    RecommendedAction = $"Grant a Role that allows: {verb} {resource} in namespace {ns}.",
                },
                HttpStatusCode.Conflict => new DrillException(
                    ErrorIds.ResourceBusy, DrillErrorKind.ResourceBusy, $"Conflict (409) when trying to {what}{server}: the object changed meanwhile.", target, ex),
                HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => Timeout(what, target, ex),
                HttpStatusCode.TooManyRequests => new DrillException(
                    ErrorIds.ResourceBusy, DrillErrorKind.ResourceBusy, $"The API server is throttling (429) when trying to {what}; retry later.", target, ex),
                _ => new DrillException(
                    ErrorIds.ApiError, DrillErrorKind.NotSpecified, $"The API server answered {(int)status} when trying to {what}{server}.", target, ex),
            };
        }

        if (ex is TimeoutException or OperationCanceledException)
        {
            return Timeout(what, target, ex);
        }

        return new DrillException(
            ErrorIds.ClusterUnreachable, DrillErrorKind.ConnectionError, $"The cluster could not be reached to {what}: {ex.Message}", target, ex)
        {
            RecommendedAction = "Check the context's server address and network access (Get-DrillContext).",
        };
    }

    private static DrillException Timeout(string what, object? target, Exception ex) => new(
        ErrorIds.OperationTimeout, DrillErrorKind.OperationTimeout, $"The API server did not answer in time when trying to {what}.", target, ex);

    // The Status message the API server sends back; it names users and resources, never credentials.
    private static string ServerMessage(HttpOperationException http)
    {
        var content = http.Response?.Content;
        if (string.IsNullOrWhiteSpace(content))
        {
            return string.Empty;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(content);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text
                ? $" (API server: {text})"
                : string.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }
}
