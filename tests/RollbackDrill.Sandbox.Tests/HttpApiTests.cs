using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Tests.Infrastructure;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>The REST surface over plain HTTP: Status errors, watch semantics, faults, the request log.</summary>
public sealed class HttpApiTests
{
    private static async Task<(HttpStatusCode Code, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var req = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
            req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var resp = await http.SendAsync(req);
        var text = await resp.Content.ReadAsStringAsync();
        return (resp.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), resp);
    }

    private static HttpClient Client(TestSandbox s) => new() { BaseAddress = s.Cluster.Address, Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Errors_AreStatusObjects_WithRealCodes()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = Client(s);

        var (code, body, _) = await SendAsync(http, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/nope");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal("NotFound", body["reason"]!.GetValue<string>());
        Assert.Equal("deployments.apps \"nope\" not found", body["message"]!.GetValue<string>());
        Assert.Equal(404, body["code"]!.GetValue<int>());
        Assert.Equal("apps", body["details"]!["group"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Get, "/apis/apps/v1/namespaces/default/widgets");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("the server could not find the requested resource", body!["message"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"metadata":{"name":"a"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        (code, body, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"metadata":{"name":"a"}}""");
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", body!["reason"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Put, "/api/v1/namespaces/default/secrets/a", """{"metadata":{"name":"a","resourceVersion":"1"},"data":{"x":"eA=="}}""");
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", body!["reason"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/missing/secrets", """{"metadata":{"name":"a"}}""");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"missing\" not found", body!["message"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/secrets", "{}");
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", body!["reason"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Put, "/api/v1/namespaces/default/secrets", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, code);
        Assert.Equal("MethodNotAllowed", body!["reason"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Patch, "/api/v1/namespaces/default/secrets/a", "{}", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Contains("server-side apply", body!["message"]!.GetValue<string>());

        (code, body, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/secrets?dryRun=All", """{"metadata":{"name":"b"}}""");
        Assert.Equal(HttpStatusCode.NotImplemented, code);
        Assert.Contains("dryRun", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_DeliversEventsQuickly_AndTimeoutSecondsEndsStream()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = Client(s);
        var rv = s.Store.CurrentResourceVersion;
        using var resp = await http.GetAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=3", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync());
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            s.Store.Create("configmaps", "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c" + i } });
            string? line;
            do
            {
                line = await reader.ReadLineAsync();
            }
            while (line is { Length: 0 });
            latencies.Add(sw.Elapsed);
            var ev = JsonNode.Parse(line!)!;
            Assert.Equal("ADDED", ev["type"]!.GetValue<string>());
            Assert.Equal("c" + i, ev["object"]!["metadata"]!["name"]!.GetValue<string>());
        }

        // Watch events reach the client within ~10 ms (median; the first includes JIT).
        Assert.True(latencies.Order().ElementAt(2) < TimeSpan.FromMilliseconds(50), string.Join(", ", latencies));
        var sw2 = Stopwatch.StartNew();
        Assert.Null(await ReadNonEmptyLineAsync(reader));
        Assert.InRange(sw2.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Watch_TooOldResourceVersion_IsExpiredErrorEvent_AndForcedGone()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false, WatchHistoryLimit = 2 });
        using var http = Client(s);
        for (var i = 0; i < 5; i++)
        {
            s.Store.Create("configmaps", "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c" + i } });
        }

        var text = await http.GetStringAsync("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1");
        var ev = JsonNode.Parse(text.Trim())!;
        Assert.Equal("ERROR", ev["type"]!.GetValue<string>());
        Assert.Equal(410, ev["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", ev["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("too old resource version: 1", ev["object"]!["message"]!.GetValue<string>());

        // Forced: the next resume gets 410 even though it is within the window.
        s.Cluster.Faults.ForceGoneOnNextWatchResume();
        var current = s.Store.CurrentResourceVersion;
        text = await http.GetStringAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={current}&timeoutSeconds=1");
        Assert.Equal(410, JsonNode.Parse(text.Trim())!["object"]!["code"]!.GetValue<int>());
        text = await http.GetStringAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={current}&timeoutSeconds=1");
        Assert.Equal("", text.Trim());
    }

    [Fact]
    public async Task Faults_ErrorRules_RetryAfter_Count_ApiDown_ForcedConflict()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = Client(s);
        s.Cluster.Faults.FailRequests(429, pathContains: "/secrets", count: 2, retryAfterSeconds: 7);
        var (code, body, resp) = await SendAsync(http, HttpMethod.Get, "/api/v1/namespaces/default/secrets");
        Assert.Equal(HttpStatusCode.TooManyRequests, code);
        Assert.Equal("7", resp.Headers.GetValues("Retry-After").Single());
        Assert.Equal("TooManyRequests", body!["reason"]!.GetValue<string>());
        (code, _, _) = await SendAsync(http, HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        Assert.Equal(HttpStatusCode.OK, code);
        (code, _, _) = await SendAsync(http, HttpMethod.Get, "/api/v1/namespaces/default/secrets");
        Assert.Equal(HttpStatusCode.TooManyRequests, code);
        (code, _, _) = await SendAsync(http, HttpMethod.Get, "/api/v1/namespaces/default/secrets");
        Assert.Equal(HttpStatusCode.OK, code);

        s.Cluster.Faults.FailRequests(500, verb: "POST", count: 1);
        (code, body, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"c"}}""");
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("InternalError", body!["reason"]!.GetValue<string>());
        Assert.Empty(s.Store.List("configmaps", "default"));
        (code, _, _) = await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"c"}}""");
        Assert.Equal(HttpStatusCode.Created, code);

        s.Cluster.Faults.ForceConflictOnNextUpdate();
        (code, body, _) = await SendAsync(http, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/c", """{"data":{"a":"b"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, code);
        (code, body, _) = await SendAsync(http, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/c", """{"data":{"a":"b"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("b", body!["data"]!["a"]!.GetValue<string>());

        s.Cluster.Faults.TakeApiDown(TimeSpan.FromSeconds(1));
        (code, _, resp) = await SendAsync(http, HttpMethod.Get, "/version");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.True(resp.Headers.Contains("Retry-After"));
        await Task.Delay(1100);
        (code, _, _) = await SendAsync(http, HttpMethod.Get, "/version");
        Assert.Equal(HttpStatusCode.OK, code);

        s.Cluster.Faults.TakeApiDown(TimeSpan.FromSeconds(1), closeConnections: true);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/version"));
    }

    [Fact]
    public async Task Faults_AddedLatency_And_DroppedWatches()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false, AddedLatency = TimeSpan.FromMilliseconds(300) });
        using var http = Client(s);
        var sw = Stopwatch.StartNew();
        await http.GetStringAsync("/version");
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(290), sw.Elapsed.ToString());
        s.Cluster.Faults.Clear();

        using var resp = await http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + s.Store.CurrentResourceVersion, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync());
        await Task.Delay(200);
        s.Cluster.Faults.DropWatches();
        var dropped = Stopwatch.StartNew();
        Assert.Null(await ReadNonEmptyLineAsync(reader));
        Assert.True(dropped.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task RequestLog_TellsWhetherAnyWriteHappened()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = Client(s);
        var t0 = DateTimeOffset.UtcNow;
        await http.GetStringAsync("/api/v1/namespaces/default/secrets");
        await SendAsync(http, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/x");
        Assert.False(s.Cluster.Log.AnyWriteSince(t0));
        Assert.Contains(s.Cluster.Log.Since(t0), e => e.Method == "GET" && e.Path == "/apis/apps/v1/namespaces/default/deployments/x" && e.Status == 404);
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/secrets", """{"metadata":{"name":"a"}}""");
        Assert.True(s.Cluster.Log.AnyWriteSince(t0));
        var write = Assert.Single(s.Cluster.Log.WritesSince(t0));
        Assert.Equal(("POST", 201), (write.Method, write.Status));
    }

    [Fact]
    public async Task Discovery_AdvertisesResources_ShortNames_AndSubresources()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = Client(s);
        var apps = JsonNode.Parse(await http.GetStringAsync("/apis/apps/v1"))!;
        var resources = apps["resources"]!.AsArray();
        var deploy = resources.Single(r => r!["name"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("deploy", deploy["shortNames"]![0]!.GetValue<string>());
        Assert.Contains(resources, r => r!["name"]!.GetValue<string>() == "deployments/scale" && r["kind"]!.GetValue<string>() == "Scale");
        var core = JsonNode.Parse(await http.GetStringAsync("/api/v1"))!;
        Assert.Contains(core["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "namespaces" && !r["namespaced"]!.GetValue<bool>());
        var groups = JsonNode.Parse(await http.GetStringAsync("/apis"))!;
        Assert.Equal("apps", groups["groups"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesInKeyOrder()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { RunControllers = false });
        using var http = Client(s);
        foreach (var n in new[] { "e", "a", "d", "b", "c" })
        {
            s.Store.Create("configmaps", "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = n } });
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "/api/v1/namespaces/default/configmaps?limit=2" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            var page = JsonNode.Parse(await http.GetStringAsync(url))!;
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            if (token is not null)
            {
                Assert.Equal(5 - names.Count, page["metadata"]!["remainingItemCount"]!.GetValue<long>());
            }

            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], names);
    }

    private static async Task<string?> ReadNonEmptyLineAsync(StreamReader reader)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync();
        }
        while (line is { Length: 0 });
        return line;
    }
}
