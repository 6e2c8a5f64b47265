using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RollbackDrill.Tests;

/// <summary>
/// A loopback health endpoint that answers 503 until <see cref="Flip"/>, then 200 with a JSON body; the flip
/// instant is taken on the system clock the module uses.
/// </summary>
public sealed class RecoveryFlipServer : IDisposable
{
    private readonly HttpListener listener = new();
    private volatile bool healthy;
    private int requests;

    public RecoveryFlipServer(bool startHealthy = false)
    {
        healthy = startHealthy;
        Port = RecoveryPorts.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(Loop);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/readyz";

    public DateTimeOffset? FlippedAt { get; private set; }

    public int Requests => Volatile.Read(ref requests);

    public string? LastAuthorization { get; private set; }

    public void Flip()
    {
        FlippedAt = DateTimeOffset.UtcNow;
        healthy = true;
    }

    public void FlipAfter(TimeSpan delay) => _ = Task.Run(async () =>
    {
        await Task.Delay(delay);
        Flip();
    });

    public void Dispose() => listener.Close();

    private async Task Loop()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            LastAuthorization = ctx.Request.Headers["Authorization"];
            var ok = healthy;
            ctx.Response.StatusCode = ok ? 200 : 503;
            var body = Encoding.UTF8.GetBytes(ok ? "{\"status\":\"ok\",\"checks\":{\"redis\":\"OK\",\"postgres\":\"OK\"}}" : "{\"status\":\"down\"}");
            try
            {
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
            catch (Exception)
            {
                // client gone
            }
        }
    }
}

public static class RecoveryPorts
{
    public static int Free()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs real executables: skipped with a reason locally when missing, run (and failing) when CI=true.</summary>
public sealed class RecoveryToolFactAttribute : FactAttribute
{
    public RecoveryToolFactAttribute(params string[] tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        var missing = tools.Where(t => !path.Any(d => File.Exists(Path.Combine(d, t)))).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{string.Join(", ", missing)} not installed (apt-get install -y prometheus prometheus-alertmanager); with CI=true this test fails instead.";
        }
    }
}

/// <summary>A real Prometheus on loopback (no scrape targets), ended with the test or with this process.</summary>
public sealed class RecoveryPrometheus() : LoopbackDaemon("prometheus", "rbd-prom-rs-", (dir, port) =>
{
    File.WriteAllText(Path.Combine(dir, "prometheus.yml"), "global:\n  scrape_interval: 1s\n");
    return $"prometheus --config.file={dir}/prometheus.yml --storage.tsdb.path={dir}/data --web.listen-address=127.0.0.1:{port}";
});

/// <summary>A real Alertmanager on loopback with no alerts, ended with the test or with this process.</summary>
public sealed class RecoveryAlertmanager() : LoopbackDaemon("Alertmanager", "rbd-am-", (dir, port) =>
{
    File.WriteAllText(Path.Combine(dir, "alertmanager.yml"), "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n");
    return $"prometheus-alertmanager --config.file={dir}/alertmanager.yml --storage.path={dir}/am --web.listen-address=127.0.0.1:{port} --cluster.listen-address=";
});

/// <summary>
/// A monitoring daemon started through /bin/sh on a free loopback port, watched so that it dies with this process,
/// and waited for until its /-/ready answers.
/// </summary>
public abstract class LoopbackDaemon : IDisposable
{
    private readonly Process process;

    protected LoopbackDaemon(string name, string tempPrefix, Func<string, int, string> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var dir = Directory.CreateTempSubdirectory(tempPrefix).FullName;
        var port = RecoveryPorts.Free();
        Url = $"http://127.0.0.1:{port}/";
        var script = $"{commandLine(dir, port)} & c=$!; " +
                     $"trap 'kill $c' TERM; while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 0.5; done; kill $c 2>/dev/null";
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        process = Process.Start(psi)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if (http.GetAsync(Url + "-/ready").GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"{name} did not become ready.");
    }

    public string Url { get; }

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.Dispose();
        GC.SuppressFinalize(this);
    }
}
