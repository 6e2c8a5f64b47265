using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RollbackDrill.Engine.Tests.Rules;

/// <summary>
/// A minimal Kubernetes API on loopback for comparing our rules with the real kubectl: legacy discovery for core/v1
/// and apps/v1, GET of objects registered by path, list of ReplicaSets, and PATCH recording. Not a simulator: it
/// serves exactly the objects a test puts in.
/// </summary>
internal sealed class FakeKubeApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _objects = new(StringComparer.Ordinal);
    private readonly List<(string Method, string Path, string ContentType, string Body)> _writes = [];
    private readonly object _gate = new();
    private readonly string _dir;

    public FakeKubeApi()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
        _dir = Directory.CreateTempSubdirectory("rd-fakekube-").FullName;
        KubeconfigPath = System.IO.Path.Combine(_dir, "config");
        File.WriteAllText(KubeconfigPath, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{BaseUrl}}
            users:
            - name: anonymous
              user: {}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: anonymous
            current-context: fake
            """);
    }

    public string BaseUrl { get; }

    public string KubeconfigPath { get; }

    public IReadOnlyList<(string Method, string Path, string ContentType, string Body)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>Serves <paramref name="json"/> at the API path (e.g. /apis/apps/v1/namespaces/shop/deployments/web).</summary>
    public void Put(string path, string json)
    {
        lock (_gate)
        {
            _objects[path] = json;
        }
    }

    /// <summary>Runs kubectl against this server; returns exit code, stdout and stderr.</summary>
    public (int ExitCode, string StdOut, string StdErr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Kubectl.Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--kubeconfig", KubeconfigPath, "--cache-dir", System.IO.Path.Combine(_dir, "cache"), "--request-timeout=10s" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException("kubectl did not finish within 30 s: " + string.Join(' ', args) + "\nstdout: " + stdout.Result + "\nstderr: " + stderr.Result);
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleAsync(context).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // client went away
                }
            });
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath.TrimEnd('/');
        if (request.HttpMethod == "GET" && request.QueryString["watch"] is "true" or "1")
        {
            // A watch that ends at once without events: the list already carried the state (kubectl's informer
            // lists first), and kubectl waits for its informer's in-flight watch to return before it exits.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
            return;
        }

        string? body;
        var status = 200;
        if (request.HttpMethod is "PATCH" or "PUT" or "POST")
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var sent = reader.ReadToEnd();
            lock (_gate)
            {
                _writes.Add((request.HttpMethod, path, request.ContentType ?? string.Empty, sent));
                _objects.TryGetValue(path, out body);
            }
        }
        else
        {
            body = path switch
            {
                "/api" => """{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}""",
                "/apis" => """{"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}""",
                "/api/v1" => """{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list","watch"],"shortNames":["po"]}]}""",
                "/apis/apps/v1" => """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
                     {"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["get","list","patch","update","watch"],"shortNames":["deploy"]},
                     {"name":"replicasets","singularName":"replicaset","namespaced":true,"kind":"ReplicaSet","verbs":["get","list","watch"],"shortNames":["rs"]},
                     {"name":"statefulsets","singularName":"statefulset","namespaced":true,"kind":"StatefulSet","verbs":["get","list","patch","watch"],"shortNames":["sts"]},
                     {"name":"daemonsets","singularName":"daemonset","namespaced":true,"kind":"DaemonSet","verbs":["get","list","patch","watch"],"shortNames":["ds"]}]}
                    """,
                _ => Lookup(path),
            };
        }

        if (body is null)
        {
            status = 404;
            body = """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}""";
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }

    private string? Lookup(string path)
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(path, out var json))
            {
                return json;
            }

            // A collection: the objects registered one level below it (as the list kubectl's informer starts from).
            var items = _objects
                .Where(p => p.Key.StartsWith(path + "/", StringComparison.Ordinal) && !p.Key[(path.Length + 1)..].Contains('/', StringComparison.Ordinal))
                .Select(p => System.Text.Json.Nodes.JsonNode.Parse(p.Value)!)
                .ToList();
            if (items.Count == 0)
            {
                return null;
            }

            var list = new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = (string?)items[0]["apiVersion"],
                ["kind"] = (string?)items[0]["kind"] + "List",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["resourceVersion"] = "1" },
                ["items"] = new System.Text.Json.Nodes.JsonArray([.. items]),
            };
            return list.ToJsonString();
        }
    }
}
