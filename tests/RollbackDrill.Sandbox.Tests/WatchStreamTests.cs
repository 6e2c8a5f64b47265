using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Tests.Infrastructure;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>Watch streams on the wire: headers before any body byte, and connections left reusable after a watch ends.</summary>
public sealed class WatchStreamTests
{
    private static void ConfigMap(TestSandbox s, string name) =>
        s.Store.Create("configmaps", "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });

    [Fact]
    public async Task WatchHeaders_ArriveBeforeAnyEvent_AndTheFirstLineIsTheFirstEvent()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = new HttpClient { BaseAddress = s.Cluster.Address, Timeout = TimeSpan.FromSeconds(20) };
        var rv = s.Store.CurrentResourceVersion;

        // API server (watch handler): WriteHeader(200) + Flush before the first event, no body byte.
        var headersTimer = Stopwatch.StartNew();
        using var resp = await http.GetAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=5", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        Assert.True(headersTimer.Elapsed < TimeSpan.FromSeconds(3), "headers waited for an event: " + headersTimer.Elapsed);
        Assert.Equal("application/json", resp.Content.Headers.ContentType?.MediaType);
        Assert.True(resp.Headers.TransferEncodingChunked);

        await Task.Delay(200);
        ConfigMap(s, "first");
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync();
        Assert.NotNull(line);
        Assert.StartsWith("{", line); // not an empty line, not whitespace: the first line is the first JSON event
        var ev = JsonNode.Parse(line)!;
        Assert.Equal("ADDED", ev["type"]!.GetValue<string>());
        Assert.Equal("first", ev["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task KubectlRawWatch_PrintsOnlyTheEvents_AndKubectlGetWatchSeesTheChange()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        s.Namespace("demo");
        var rv = s.Store.CurrentResourceVersion;
        var raw = s.KubectlAsync("get", "--raw", $"/api/v1/namespaces/demo/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=3");
        var watch = Kubectl.RunAsync(s.Kubeconfig, TimeSpan.FromSeconds(5), "get", "configmaps", "-n", "demo", "-w", "--output-watch-events");
        await Task.Delay(1500);
        s.Store.Create("configmaps", "demo", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "late" } });

        var r = await raw;
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("{\"type\":\"ADDED\"", r.Stdout); // no leading newline: the body is the events and nothing else
        var ev = JsonNode.Parse(r.Stdout.Trim())!;
        Assert.Equal("late", ev["object"]!["metadata"]!["name"]!.GetValue<string>());

        var w = await watch;
        Assert.True(w.TimedOut, "kubectl get -w keeps streaming until stopped: " + w);
        Assert.Contains(w.Stdout.Split('\n'), l => l.StartsWith("ADDED", StringComparison.Ordinal) && l.Contains("late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchWithNoEvents_HasAnEmptyBody_OnTheRawWire()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        var rv = s.Store.CurrentResourceVersion;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, s.Cluster.Address.Port);
        var stream = tcp.GetStream();
        var request = $"GET /api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        // The headers come at once (before the 1 s timeout) ...
        var head = await ReadUntilAsync(stream, "\r\n\r\n", TimeSpan.FromMilliseconds(800));
        Assert.StartsWith("HTTP/1.1 200", head);
        Assert.Contains("Transfer-Encoding: chunked", head, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n", head);

        // ... and when timeoutSeconds ends the watch, the body is exactly the last chunk: no data byte was sent.
        var rest = await ReadUntilAsync(stream, "0\r\n\r\n", TimeSpan.FromSeconds(5));
        Assert.Equal("0\r\n\r\n", rest);

        // The watch's connection is not kept alive: announced in the headers, closed after the last chunk.
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await stream.ReadAsync(new byte[16], cts.Token));
    }

    [Fact]
    public async Task ManyShortWatches_InterleavedWithGets_OnOneClient_KeepEveryConnectionUsable()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = new HttpClient { BaseAddress = s.Cluster.Address, Timeout = TimeSpan.FromSeconds(30) };
        var errors = new List<string>();
        var counter = 0;

        async Task WorkerAsync(int worker)
        {
            for (var i = 0; i < 6; i++)
            {
                try
                {
                    var rv = s.Store.CurrentResourceVersion;
                    using (var resp = await http.GetAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead))
                    {
                        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
                        Assert.True(resp.Headers.ConnectionClose, "a watch's connection must not go back to the pool");
                        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync());
                        if (i % 3 == 2)
                        {
                            // The client walks away before the server's timeout (its connection must not be reused half-read).
                            ConfigMap(s, $"w{worker}-{i}-{Interlocked.Increment(ref counter)}");
                            Assert.StartsWith("{", await reader.ReadLineAsync());
                        }
                        else
                        {
                            while (await reader.ReadLineAsync() is { } line)
                            {
                                Assert.StartsWith("{", line);
                            }
                        }
                    }

                    // Interleaved plain requests on the same pool: a bad connection would show up here.
                    Assert.StartsWith("{", await http.GetStringAsync("/version"));
                    ConfigMap(s, $"c{worker}-{i}-{Interlocked.Increment(ref counter)}");
                    Assert.Contains("ConfigMapList", await http.GetStringAsync("/api/v1/namespaces/default/configmaps"));
                }
#pragma warning disable CA1031 // collected and asserted below with the whole picture
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    lock (errors)
                    {
                        errors.Add($"worker {worker} round {i}: {ex}");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(WorkerAsync));
        Assert.True(errors.Count == 0, string.Join("\n\n", errors));
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string terminator, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var sb = new StringBuilder();
        var buf = new byte[1];
        while (!sb.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buf, cts.Token);
            if (n == 0)
            {
                break;
            }

            sb.Append((char)buf[0]);
        }

        return sb.ToString();
    }
}
