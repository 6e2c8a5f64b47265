using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>
/// Real Prometheus and Alertmanager (Debian packages) on loopback with free ports and temp data dirs. Prometheus
/// scrapes a tiny /metrics exporter the test controls every second and evaluates one alert rule every second.
/// Started once, on first use, and killed at process exit.
/// </summary>
public sealed class MonitoringServers : IDisposable
{
    private static readonly Lazy<MonitoringServers> Shared = new(() => new MonitoringServers());
    private readonly HttpListener exporter = new();
    private readonly Dictionary<string, double> metrics = new(StringComparer.Ordinal);
    private readonly List<Process> processes = [];
    private readonly string dir = Directory.CreateTempSubdirectory("rbd-prom-").FullName;

    private MonitoringServers()
    {
        var exporterPort = FreePort.Next();
        exporter.Prefixes.Add($"http://127.0.0.1:{exporterPort}/");
        exporter.Start();
        _ = Task.Run(ServeMetrics);
        Set("rbd_test_requests", 100);
        Set("rbd_test_errors", 0);

        File.WriteAllText(Path.Combine(dir, "rules.yml"), """
            groups:
            - name: rbd
              interval: 1s
              rules:
              - alert: RbdHighErrors
                expr: rbd_test_errors > 5
                labels:
                  service: api
            """);
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ["{Path.Combine(dir, "rules.yml")}"]
            scrape_configs:
            - job_name: app
              static_configs:
              - targets: ["127.0.0.1:{exporterPort}"]
            """);
        File.WriteAllText(Path.Combine(dir, "alertmanager.yml"), """
            route:
              receiver: "null"
            receivers:
            - name: "null"
            """);

        var promPort = FreePort.Next();
        Start("prometheus", $"--config.file={dir}/prometheus.yml --storage.tsdb.path={dir}/data --web.listen-address=127.0.0.1:{promPort}");
        PrometheusUrl = new Uri($"http://127.0.0.1:{promPort}/");
        var amPort = FreePort.Next();
        Start("prometheus-alertmanager", $"--config.file={dir}/alertmanager.yml --storage.path={dir}/am --web.listen-address=127.0.0.1:{amPort} --cluster.listen-address=");
        AlertmanagerUrl = new Uri($"http://127.0.0.1:{amPort}/");
        WaitReady(new Uri(PrometheusUrl, "-/ready"));
        WaitReady(new Uri(AlertmanagerUrl, "-/ready"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public static MonitoringServers Instance => Shared.Value;

    public Uri PrometheusUrl { get; }

    public Uri AlertmanagerUrl { get; }

    public static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Set(string metric, double value)
    {
        lock (metrics)
        {
            metrics[metric] = value;
        }
    }

    /// <summary>Polls until the query's value satisfies the condition (bounded).</summary>
    public async Task WaitForValueAsync(string query, Func<double?, bool> condition, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        var api = new RollbackDrill.Engine.Http.PrometheusApi(new RollbackDrill.Engine.Http.HttpProbeClient());
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (condition(await api.QueryValueAsync(PrometheusUrl, query, TimeSpan.FromSeconds(2), CancellationToken.None)))
                {
                    return;
                }
            }
            catch (RollbackDrill.Engine.Http.ProbeFailureException)
            {
                // not ready yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Prometheus never showed the expected value of {query}.");
    }

    public void Dispose()
    {
        foreach (var p in processes)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            exporter.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Start(string exe, string args)
    {
        // A watchdog shell ends the server when this test process is gone (the test host can be killed
        // without running exit handlers), so no Prometheus outlives the tests.
        var script = $"{exe} {args} & c=$!; trap 'kill $c' TERM; while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 0.5; done; kill $c 2>/dev/null";
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        p.ErrorDataReceived += (_, _) => { };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        processes.Add(p);
    }

    private static void WaitReady(Uri url)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var r = Http.GetAsync(url).GetAwaiter().GetResult();
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"{url} never became ready.");
    }

    private async Task ServeMetrics()
    {
        while (exporter.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await exporter.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }

            string text;
            lock (metrics)
            {
                text = string.Concat(metrics.Select(m => $"{m.Key} {m.Value.ToString(CultureInfo.InvariantCulture)}\n"));
            }

            var body = Encoding.UTF8.GetBytes(text);
            ctx.Response.ContentType = "text/plain; version=0.0.4";
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }
    }
}
