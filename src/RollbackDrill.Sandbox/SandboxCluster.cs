using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RollbackDrill.Sandbox.Controllers;
using RollbackDrill.Sandbox.Http;

namespace RollbackDrill.Sandbox;

/// <summary>The whole simulated cluster: store + controllers + the HTTP API server on 127.0.0.1.</summary>
public sealed class SandboxCluster : IAsyncDisposable
{
    private readonly List<(string Prefix, Func<HttpListenerContext, Task> Handler)> _handlers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ApiServer _api;
    private readonly ControllerManager? _controllers;
    private HttpListener? _listener;
    private Task? _acceptLoop;
    private Uri? _address;
    private int _disposed;

    private SandboxCluster(SandboxOptions options)
    {
        Options = options;
        Store = new ResourceStore(options.WatchHistoryLimit);
        Faults = new FaultInjector(Store, options);
        Log = new RequestLog();
        foreach (var ns in (string[])["default", "kube-system", "kube-public", "kube-node-lease"])
        {
            // A new cluster has these namespaces (kube-apiserver's system namespaces controller).
            Store.Create("namespaces", null, new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = ns } });
        }

        _api = new ApiServer(this);
        if (options.RunControllers)
        {
            _controllers = new ControllerManager(Store, options);
        }
    }

    /// <summary>Creates a stopped sandbox with an empty store (call <see cref="StartAsync"/>).</summary>
    public static SandboxCluster Create(SandboxOptions? options = null) => new(options ?? new SandboxOptions());

    /// <summary>The settings it was created with.</summary>
    public SandboxOptions Options { get; }

    /// <summary>The object store the API server and controllers share.</summary>
    public ResourceStore Store { get; }

    /// <summary>Runtime fault injection.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The requests answered so far.</summary>
    public RequestLog Log { get; }

    /// <summary>http://127.0.0.1:PORT/ once started.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The sandbox is not started.");

    /// <summary>Starts controllers and the HTTP server on 127.0.0.1:<paramref name="port"/> (0 = a free port).</summary>
    public Task StartAsync(int port = 0, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_listener is not null)
        {
            throw new InvalidOperationException("The sandbox is already started.");
        }

        Exception? last = null;
        for (var attempt = 0; attempt < 10 && _listener is null; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var p = port == 0 ? FreePort() : port;
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}/");
            try
            {
                listener.Start();
                _listener = listener;
                _address = new Uri($"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}/");
            }
            catch (HttpListenerException ex)
            {
                last = ex;
                listener.Close();
                if (port != 0)
                {
                    break;
                }
            }
        }

        if (_listener is null)
        {
            throw new InvalidOperationException($"Could not listen on 127.0.0.1:{port}: {last?.Message}", last);
        }

        _api.Port = _address!.Port;
        _controllers?.Start(_stop.Token);
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Writes a kubeconfig with one cluster/user/context named <paramref name="contextName"/> pointing at this
    /// sandbox (plain http, a dummy bearer token); returns the full path.
    /// </summary>
    public string WriteKubeconfig(string path, string contextName = "sandbox", string? @namespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(contextName);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var server = Address.ToString().TrimEnd('/');
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Config\nclusters:\n");
        sb.Append("- name: ").Append(Quote(contextName)).Append("\n  cluster:\n    server: ").Append(Quote(server)).Append('\n');
        sb.Append("users:\n- name: ").Append(Quote(contextName)).Append("\n  user:\n    token: sandbox\n");
        sb.Append("contexts:\n- name: ").Append(Quote(contextName)).Append("\n  context:\n    cluster: ").Append(Quote(contextName));
        sb.Append("\n    user: ").Append(Quote(contextName)).Append('\n');
        if (!string.IsNullOrEmpty(@namespace))
        {
            sb.Append("    namespace: ").Append(Quote(@namespace)).Append('\n');
        }

        sb.Append("current-context: ").Append(Quote(contextName)).Append('\n');
        File.WriteAllText(full, sb.ToString());
        return full;
    }

    /// <summary>
    /// Serves requests whose path starts with <paramref name="pathPrefix"/> (e.g. "/health/") with
    /// <paramref name="handler"/> instead of the Kubernetes API; the handler writes and closes the response.
    /// </summary>
    public void AddHttpHandler(string pathPrefix, Func<HttpListenerContext, Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPrefix);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _handlers.Add((pathPrefix, handler));
        }
    }

    /// <summary>Stops the server and controllers and ends open watches.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Store.DropAllWatches();
        try
        {
            _listener?.Stop();
            _listener?.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (HttpListenerException)
        {
            // The managed HttpListener may try to re-bind the endpoint while removing its prefix on Close and fail
            // with "Address already in use" when another listener took the port meanwhile: the server is stopped anyway.
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        if (_controllers is not null)
        {
            await _controllers.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    internal CancellationToken Stopping => _stop.Token;

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stop.IsCancellationRequested)
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

            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        try
        {
            var path = ctx.Request.Url?.AbsolutePath ?? "/";
            Func<HttpListenerContext, Task>? custom = null;
            lock (_handlers)
            {
                foreach (var (prefix, h) in _handlers)
                {
                    if (path.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        custom = h;
                        break;
                    }
                }
            }

            if (custom is not null)
            {
                await custom(ctx).ConfigureAwait(false);
                Log.Add(new RequestLogEntry(DateTimeOffset.UtcNow, ctx.Request.HttpMethod, path, ctx.Response.StatusCode));
                return;
            }

            await _api.HandleAsync(ctx).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The server must survive any failure of a single request.
        catch (Exception)
#pragma warning restore CA1031
        {
            try
            {
                ctx.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
