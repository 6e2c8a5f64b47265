using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Health;

/// <summary>
/// The simulated apps' health endpoints, served by the sandbox under
/// /sandbox/health/&lt;namespace&gt;/&lt;service&gt;/&lt;path&gt;: 200 with the configured body when every workload behind
/// the Service (its selector matches their pod template) has completed its rollout (kubectl's rules) and all
/// of the Service's pods are Ready (at least one); else 503 with a body naming what is not ready.
/// </summary>
public sealed class HealthEndpoints
{
    public const string PathPrefix = "/sandbox/health/";

    private static readonly ConditionalWeakTable<SandboxCluster, HealthEndpoints> PerCluster = [];
    private static readonly string[] WorkloadResources = ["deployments", "statefulsets", "daemonsets"];

    private readonly SandboxCluster _cluster;
    private readonly ConcurrentDictionary<string, Registration> _services = new(StringComparer.Ordinal);

    private HealthEndpoints(SandboxCluster cluster)
    {
        _cluster = cluster;
        cluster.AddHttpHandler(PathPrefix, HandleAsync);
    }

    /// <summary>The health endpoints of a cluster (registered with it on first use).</summary>
    public static HealthEndpoints For(SandboxCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return PerCluster.GetValue(cluster, c => new HealthEndpoints(c));
    }

    /// <summary>Serves <paramref name="endpoints"/> for the Service; <paramref name="selector"/> is used when
    /// the Service object does not exist in the store.</summary>
    public void Add(string @namespace, string service, IReadOnlyDictionary<string, string> selector, IEnumerable<ScenarioHealthEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _services[@namespace + "/" + service] = new Registration(@namespace, service, selector,
            endpoints.ToDictionary(e => e.Path.TrimStart('/'), e => e.Body, StringComparer.Ordinal));
    }

    /// <summary>Base URL of a service's health endpoints, e.g. http://127.0.0.1:PORT/sandbox/health/videokit/videokit-api/
    /// (append "readyz"). Needs a started cluster.</summary>
    public Uri BaseUrl(string @namespace, string service) =>
        new(_cluster.Address, $"sandbox/health/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(service)}/");

    /// <summary>"namespace/service" → base URL, for every registered service.</summary>
    public IReadOnlyDictionary<string, Uri> Urls =>
        _services.Values.ToDictionary(r => r.Namespace + "/" + r.Service, r => BaseUrl(r.Namespace, r.Service), StringComparer.Ordinal);

    /// <summary>Full URLs of every registered path, "namespace/service/path" → URL.</summary>
    public IReadOnlyDictionary<string, Uri> EndpointUrls =>
        _services.Values.SelectMany(r => r.Bodies.Keys.Select(p => (Key: r.Namespace + "/" + r.Service + "/" + p, Url: new Uri(BaseUrl(r.Namespace, r.Service), p))))
            .ToDictionary(x => x.Key, x => x.Url, StringComparer.Ordinal);

    /// <summary>Evaluates readiness now: (true, null) or (false, what is not ready).</summary>
    public (bool Ready, string? Reason) Evaluate(string @namespace, string service)
    {
        if (!_services.TryGetValue(@namespace + "/" + service, out var reg))
        {
            return (false, $"no health endpoints registered for service {@namespace}/{service}");
        }

        var selector = Selector(reg);
        if (selector.Count == 0)
        {
            return (false, $"service {@namespace}/{service} has no selector");
        }

        var problems = new List<string>();
        var workloads = 0;
        var store = _cluster.Store;
        foreach (var resource in WorkloadResources)
        {
            foreach (var w in store.List(resource, @namespace))
            {
                if (!Matches(selector, w["spec"]?["template"]?["metadata"]?["labels"] as JsonObject))
                {
                    continue;
                }

                workloads++;
                if (RolloutRules.NotComplete(w) is { } why)
                {
                    problems.Add($"{w["kind"]!.GetValue<string>().ToLowerInvariant()}/{w["metadata"]!["name"]}: {why}");
                }
            }
        }

        if (workloads == 0)
        {
            return (false, $"no workloads behind service {@namespace}/{service}");
        }

        var pods = store.List("pods", @namespace, string.Join(",", selector.Select(kv => kv.Key + "=" + kv.Value)))
            .Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        var ready = pods.Count(IsReady);
        if (ready == 0)
        {
            problems.Add($"no ready pods behind service {@namespace}/{service} (0/{pods.Count})");
        }
        else if (ready < pods.Count)
        {
            problems.Add($"{ready}/{pods.Count} pods ready behind service {@namespace}/{service}");
        }

        return problems.Count == 0 ? (true, null) : (false, string.Join("; ", problems));
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var path = ctx.Request.Url?.AbsolutePath ?? "/";
        var parts = path[PathPrefix.Length..].Split('/', 3);
        int code;
        string body;
        if (parts.Length < 3 || !_services.TryGetValue(Uri.UnescapeDataString(parts[0]) + "/" + Uri.UnescapeDataString(parts[1]), out var reg))
        {
            code = 404;
            body = "404 page not found: no such service health endpoint " + path;
        }
        else if (!reg.Bodies.TryGetValue(parts[2], out var okBody))
        {
            code = 404;
            body = $"404 page not found: service {reg.Namespace}/{reg.Service} serves {string.Join(", ", reg.Bodies.Keys.Select(k => "/" + k))}";
        }
        else if (ctx.Request.HttpMethod is not ("GET" or "HEAD"))
        {
            code = 405;
            body = "method not allowed: health endpoints answer GET and HEAD";
        }
        else
        {
            var (ok, reason) = Evaluate(reg.Namespace, reg.Service);
            code = ok ? 200 : 503;
            body = ok ? okBody : "not ready: " + reason;
        }

        var bytes = Encoding.UTF8.GetBytes(body + "\n");
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.ContentLength64 = bytes.Length;
        if (ctx.Request.HttpMethod != "HEAD")
        {
            await ctx.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }

        ctx.Response.Close();
    }

    private IReadOnlyDictionary<string, string> Selector(Registration reg)
    {
        if (_cluster.Store.Get("services", reg.Namespace, reg.Service)?["spec"]?["selector"] is JsonObject sel && sel.Count > 0)
        {
            return sel.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        }

        return reg.Selector;
    }

    private static bool Matches(IReadOnlyDictionary<string, string> selector, JsonObject? labels) =>
        labels is not null && selector.All(kv => labels[kv.Key]?.GetValue<string>() == kv.Value);

    private static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conds &&
        conds.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    private sealed record Registration(string Namespace, string Service, IReadOnlyDictionary<string, string> Selector, Dictionary<string, string> Bodies);
}
