using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace RollbackDrill.TestSupport;

/// <summary>
/// A tiny Kubernetes API stand-in on loopback (HttpListener) for adapter and cmdlet tests until the sandbox lands:
/// serves list/get of Secrets, ConfigMaps, Pods, Namespaces and apps/v1 workloads with equality label selectors,
/// limit/continue paging, and 403/401 answers in the API server's Status shape for chosen paths.
/// </summary>
public sealed class FakeKubeApi : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, List<JsonObject>> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> denied = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public FakeKubeApi()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Every request path and query served, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Adds an object; <paramref name="resource"/> is the plural: secrets, configmaps, pods, deployments, ...</summary>
    public FakeKubeApi Add(string resource, JsonObject obj)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(resource, out var list))
            {
                objects[resource] = list = [];
            }

            list.Add(obj);
        }

        return this;
    }

    /// <summary>Answers <paramref name="status"/> (403, 401, ...) for requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public FakeKubeApi Deny(string pathPrefix, int status = 403)
    {
        lock (gate)
        {
            denied[pathPrefix] = status;
        }

        return this;
    }

    /// <summary>A kubeconfig pointing at this server (plain http; token is fake).</summary>
    public string WriteKubeconfig(string context = "sandbox", string? ns = null)
    {
        var dir = Directory.CreateTempSubdirectory("rbd-fake-").FullName;
        var path = Path.Combine(dir, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: {context}
            clusters:
            - name: fake
              cluster:
                server: {Url}
            users:
            - name: tester
              user:
                token: fake-token-not-a-secret
            contexts:
            - name: {context}
              context:
                cluster: fake
                user: tester
            {(ns is null ? string.Empty : $"    namespace: {ns}")}
            """);
        return path;
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var (status, body) = Handle(ctx.Request.Url!);
                var bytes = Encoding.UTF8.GetBytes(body);
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                ctx.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
            {
                // Client went away.
            }
        }
    }

    private (int Status, string Body) Handle(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        var query = HttpUtility.ParseQueryString(url.Query);
        lock (gate)
        {
            Requests.Add(path + url.Query);
            foreach (var (prefix, code) in denied)
            {
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var resource = path.Split('/')[^1];
                    var ns = path.Contains("/namespaces/", StringComparison.Ordinal) ? path.Split('/')[4] : null;
                    var message = code == 403
                        ? $"{resource} is forbidden: User \"system:serviceaccount:ci:drill\" cannot list resource \"{resource}\" in API group \"\"" + (ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"")
                        : "Unauthorized";
                    return (code, Status(code, code == 403 ? "Forbidden" : "Unauthorized", message));
                }
            }
        }

        // /api/v1/namespaces/{ns}/{resource}[/{name}] | /api/v1/{resource} | /apis/apps/v1/...
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var offset = parts[0] == "api" ? 2 : 3;
        var rest = parts[offset..];
        string? nsFilter = null;
        string resourceName;
        string? objectName = null;
        if (rest.Length >= 2 && rest[0] == "namespaces" && rest.Length >= 3)
        {
            nsFilter = rest[1];
            resourceName = rest[2];
            objectName = rest.Length >= 4 ? rest[3] : null;
        }
        else
        {
            resourceName = rest[0];
        }

        List<JsonObject> all;
        lock (gate)
        {
            all = objects.TryGetValue(resourceName, out var l) ? [.. l] : [];
        }

        var items = all.Where(o => nsFilter is null || Meta(o, "namespace") == nsFilter).ToList();
        if (objectName is not null)
        {
            var found = items.FirstOrDefault(o => Meta(o, "name") == objectName);
            return found is null
                ? (404, Status(404, "NotFound", $"{resourceName} \"{objectName}\" not found"))
                : (200, found.ToJsonString());
        }

        if (query["labelSelector"] is { Length: > 0 } selector)
        {
            var terms = selector.Split(',').Select(t => t.Split('=', 2)).ToList();
            items = items.Where(o => terms.All(t => Label(o, t[0]) == t[1])).ToList();
        }

        var start = int.TryParse(query["continue"], out var c) ? c : 0;
        var limit = int.TryParse(query["limit"], out var lim) && lim > 0 ? lim : int.MaxValue;
        var page = items.Skip(start).Take(limit).ToList();
        var more = start + page.Count < items.Count;
        var list = new JsonObject
        {
            ["kind"] = "List",
            ["apiVersion"] = "v1",
            ["metadata"] = more ? new JsonObject { ["continue"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) } : new JsonObject(),
            ["items"] = new JsonArray(page.Select(o => (JsonNode)o.DeepClone()).ToArray()),
        };
        return (200, list.ToJsonString());
    }

    private static string? Meta(JsonObject o, string key) => o["metadata"]?[key]?.GetValue<string>();

    private static string? Label(JsonObject o, string key) => o["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static string Status(int code, string reason, string message) => new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    }.ToJsonString();
}
