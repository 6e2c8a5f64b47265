using System.Net;
using System.Net.Sockets;
using k8s.Autorest;

namespace RollbackDrill.Engine.Cluster;

/// <summary>
/// The one mapping of Kubernetes API failures to <see cref="DrillException"/>: 404 → ObjectNotFound,
/// 401 → AuthenticationError, 403 → PermissionDenied (naming the RBAC verb and resource needed), 409 → ResourceBusy,
/// timeouts → OperationTimeout, unreachable → ConnectionError. The original exception is kept as the inner one.
/// Use it for every API call: <c>catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, ct))</c>.
/// </summary>
public static class KubeErrorMapper
{
    /// <summary>Whether <paramref name="ex"/> is an API/transport failure to map (not the caller's own cancellation).</summary>
    public static bool IsApiFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpOperationException or HttpRequestException or TimeoutException or SocketException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // HttpClient's timeout
        _ => false,
    };

    /// <param name="ex">The failure.</param>
    /// <param name="verb">The RBAC verb of the call: get, list, watch, patch, ...</param>
    /// <param name="resource">The RBAC resource (plural, with group for non-core: "deployments.apps").</param>
    /// <param name="ns">The namespace, or null for cluster-wide / all namespaces.</param>
    /// <param name="target">What the caller was working on (release, workload), for the ErrorRecord.</param>
    /// <param name="name">The object name for get/patch, if any.</param>
    public static DrillException Map(Exception ex, string verb, string resource, string? ns, object? target = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var scope = ns is null ? "across all namespaces" : $"in namespace {ns}";
        var what = name is null ? $"{verb} {resource} {scope}" : $"{verb} {resource} '{name}' {scope}";
        switch (ex)
        {
            case HttpOperationException http:
                var status = http.Response?.StatusCode ?? 0;
                var reason = ServerMessage(http);
                return status switch
                {
                    HttpStatusCode.NotFound => new DrillException(
                        ErrorIds.ResourceNotFound, DrillErrorKind.ObjectNotFound, $"Not found: could not {what}{reason}.", target, ex)
                    {
                        RecommendedAction = $"Check the name, kind and namespace: kubectl get {resource} {(ns is null ? "--all-namespaces" : "--namespace " + ns)}.",
                    },
                    HttpStatusCode.Unauthorized => new DrillException(
                        ErrorIds.AuthenticationFailed, DrillErrorKind.AuthenticationError,
                        $"The cluster rejected the credentials (401) when trying to {what}. Refresh the kubeconfig's credentials (token expired?).",
                        target, ex) { RecommendedAction = "Refresh the credentials of the kube context." },
                    HttpStatusCode.Forbidden => new DrillException(
                        ErrorIds.PermissionDenied, DrillErrorKind.PermissionDenied,
                        $"Permission denied (403): the user needs RBAC permission to {what}{reason}.",
                        target, ex) { RecommendedAction = $"Grant a Role/ClusterRole that allows: {verb} {resource} {scope}." },
                    HttpStatusCode.Conflict => new DrillException(
                        ErrorIds.ResourceBusy, DrillErrorKind.ResourceBusy, $"Conflict (409) when trying to {what}{reason}; retry.", target, ex),
                    HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => Timeout(what, target, ex),
                    HttpStatusCode.TooManyRequests => new DrillException(
                        ErrorIds.ResourceBusy, DrillErrorKind.ResourceBusy, $"The API server is throttling (429) when trying to {what}; retry later.", target, ex),
                    _ => new DrillException(
                        ErrorIds.ApiError, DrillErrorKind.NotSpecified, $"The API server answered {(int)status} when trying to {what}{reason}.", target, ex),
                };
            case TimeoutException or OperationCanceledException:
                return Timeout(what, target, ex);
            case HttpRequestException { InnerException: TimeoutException }:
                return Timeout(what, target, ex);
            default:
                return new DrillException(
                    ErrorIds.ClusterUnreachable, DrillErrorKind.ConnectionError,
                    $"The cluster could not be reached to {what}: {ex.Message}", target, ex)
                {
                    RecommendedAction = "Check the context's server address and network access (Get-DrillContext).",
                };
        }
    }

    private static DrillException Timeout(string what, object? target, Exception ex) => new(
        ErrorIds.OperationTimeout, DrillErrorKind.OperationTimeout, $"The API server did not answer in time when trying to {what}.", target, ex);

    // The Status message the API server sends back (e.g. 'secrets is forbidden: User "x" cannot list ...'); it
    // names users and resources, never credentials.
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
