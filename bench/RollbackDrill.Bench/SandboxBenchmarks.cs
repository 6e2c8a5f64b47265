using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Bench;

/// <summary>Issue 3's sandbox targets: load 200×20, list their Secrets through kubectl, watch event latency.</summary>
internal static class SandboxBenchmarks
{
    /// <summary>Parse + apply + start of the 200 × 20 scenario, repeated on fresh clusters; the last one is kept for the next benchmarks.</summary>
    public static async Task<BenchSandbox> LoadAsync(Report report, Settings s, string scenarioText, Kubectl? kubectlFor)
    {
        var path = Path.Combine(s.WorkDir, "load.yaml");
        await File.WriteAllTextAsync(path, scenarioText).ConfigureAwait(false);
        var times = new List<double>();
        var cpuTimes = new List<double>();
        for (var i = 0; i < s.LoadRepetitions + 1; i++)
        {
            // CPU time of this process during the load: what the load costs, whatever else the machine runs.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var scenario = ScenarioLoader.Load(path);
            var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
            scenario.ApplyTo(cluster);
            await cluster.StartAsync().ConfigureAwait(false);
            var elapsed = sw.Elapsed.TotalMilliseconds;
            var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            if (i > 0)
            {
                times.Add(elapsed); // the first run pays JIT; it is the warm-up
                cpuTimes.Add(cpuUsed);
            }

            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        var load = new Sample(times);
        var loadText = load.Describe() + "; process CPU time " + new Sample(cpuTimes).Describe();
        // Controllers off: history reads only Helm records, and 200 Deployments reconciled every 50 ms would load the CPU both clients share.
        var main = await BenchSandbox.StartAsync(scenarioText, s.WorkDir, "history", new SandboxOptions { RunControllers = false }).ConfigureAwait(false);
        var secrets = main.Cluster.Store.List("secrets", null, "owner=helm").Count;
        if (secrets != s.Releases * s.Revisions)
        {
            throw new InvalidOperationException($"the scenario loaded {secrets} Helm Secrets, expected {s.Releases * s.Revisions}");
        }

        if (kubectlFor is null)
        {
            report.Add(new Row("sandbox", Inv($"load {s.Releases} releases × {s.Revisions} revisions (parse + apply + start)"),
                loadText, "-", "-", "< 2 s", Report.Verdict(load.Median < 2000)));
            return main;
        }

        var kubectl = new Kubectl(kubectlFor.Path, main.Kubeconfig);
        var (list, ns) = await Harness.InterleavedAsync(1, s.ProcessRepetitions,
            async () => await Check(await kubectl.ListHelmSecretsAsync().ConfigureAwait(false), secrets).ConfigureAwait(false),
            () => kubectl.RunAsync("get", "namespaces", "-o", "name")).ConfigureAwait(false);
        var (table, floor) = await Harness.InterleavedAsync(1, s.ProcessRepetitions,
            () => kubectl.RunAsync("get", "secrets", "-A"),
            () => kubectl.RunAsync("get", "namespaces", "-o", "name")).ConfigureAwait(false);
        var jsonServer = await ServerShareAsync(kubectl, "get", "secrets", "-A", "-l", "owner=helm", "-o", "json").ConfigureAwait(false);
        var tableServer = await ServerShareAsync(kubectl, "get", "secrets", "-A").ConfigureAwait(false);
        report.Add(new Row("sandbox", Inv($"load {s.Releases} releases × {s.Revisions} revisions (parse + apply + start, controllers off)"),
            loadText, "kubectl list of the same " + Inv($"{secrets}") + " Secrets: " + list.Describe(),
            Report.Ratio(load.Median, list.Median), "< 2 s", Report.Verdict(load.Median < 2000)));
        report.Add(new Row("sandbox", Inv($"`kubectl get secrets -A -l owner=helm -o json` ({secrets} items)"),
            list.Describe() + "; " + jsonServer, "`kubectl get namespaces` (kubectl's floor: process start + one small request): " + ns.Describe(),
            Report.Ratio(list.Median, ns.Median), "< 1 s", Report.Verdict(list.P95 < 1000)));
        report.Add(new Row("sandbox", Inv($"`kubectl get secrets -A` (table, {secrets} Helm Secrets + the cluster's own)"),
            table.Describe() + "; " + tableServer, "`kubectl get namespaces`: " + floor.Describe(),
            Report.Ratio(table.Median, floor.Median), "< 1 s", Report.Verdict(table.P95 < 1000)));
        return main;
    }

    /// <summary>
    /// Watch latency: a raw HTTP watch on ConfigMaps (what client-go and KubernetesClient open), a ConfigMap created in
    /// the store, the time until the client has read the ADDED event's line. Anchor: a GET /version round trip on the same client.
    /// </summary>
    public static async Task WatchLatencyAsync(Report report, Settings s, BenchSandbox sandbox)
    {
        const string ns = "bench-watch";
        var store = sandbox.Cluster.Store;
        if (store.Get("namespaces", null, ns) is null)
        {
            store.Create("namespaces", null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        using var http = new HttpClient { BaseAddress = sandbox.Cluster.Address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sandbox");
        var rv = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await http.GetAsync(new Uri($"api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false));

        var latencies = new List<double>();
        for (var i = 0; i < s.WatchEvents + 5; i++)
        {
            var name = Inv($"w{i:0000}");
            var sw = Stopwatch.StartNew();
            store.Create("configmaps", ns, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["data"] = new JsonObject { ["k"] = "v" },
            });
            while (true)
            {
                var line = await reader.ReadLineAsync(cts.Token).ConfigureAwait(false) ?? throw new InvalidOperationException("the watch stream ended");
                if (line.Contains("\"ADDED\"", StringComparison.Ordinal) && line.Contains("\"" + name + "\"", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (i >= 5)
            {
                latencies.Add(sw.Elapsed.TotalMilliseconds); // the first 5 are the warm-up
            }

            await Task.Delay(5, cts.Token).ConfigureAwait(false);
        }

        var roundTrip = await Harness.TimeAsync(5, s.WatchEvents, async () =>
        {
            using var r = await http.GetAsync(new Uri("version", UriKind.Relative), cts.Token).ConfigureAwait(false);
            r.EnsureSuccessStatusCode();
            await r.Content.ReadAsByteArrayAsync(cts.Token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var watch = new Sample(latencies);
        report.Add(new Row("sandbox", "watch event latency: ConfigMap created → ADDED line read by an HTTP watch client",
            watch.Describe() + Inv($", max {watch.Max:0.0} ms"), "GET /version round trip, same client: " + roundTrip.Describe(),
            Report.Ratio(watch.Median, roundTrip.Median), "≤ 10 ms", Report.Verdict(watch.P95 <= 10)));
    }

    /// <summary>
    /// The sandbox's share of one kubectl run: kubectl -v=6 logs each request with the time until its response headers
    /// (client-go round_trippers: "GET URL 200 OK in N milliseconds"); list bodies are built before their headers
    /// (Content-Length), so the sum is the server's time, the rest of the run is kubectl's own (start, decode, print).
    /// </summary>
    private static async Task<string> ServerShareAsync(Kubectl kubectl, params string[] args)
    {
        var sw = Stopwatch.StartNew();
        var r = await kubectl.RunAsync([.. args, "-v=6"]).ConfigureAwait(false);
        var total = sw.Elapsed.TotalMilliseconds;
        var requests = 0;
        var server = 0.0;
        foreach (var line in r.StdErr.Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @" (GET|POST) \S+ \d{3} .* in (\d+) milliseconds");
            if (m.Success)
            {
                requests++;
                server += double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return Inv($"server share (one -v=6 run of {total:0} ms): {requests} requests, Σ {server:0} ms to response headers");
    }

    private static Task Check(int actual, int expected) => actual == expected
        ? Task.CompletedTask
        : throw new InvalidOperationException($"kubectl listed {actual} Helm Secrets, expected {expected}");

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
}
