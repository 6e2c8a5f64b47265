using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests.Faults;

/// <summary>
/// The videokit sandbox (<see cref="RollbackSandbox"/>) with its fault injector (reached through reflection: the
/// sandbox lives in its own load context) and a plain HTTP client for arranging objects and reading the state left.
/// </summary>
public sealed class FaultSandbox : IAsyncDisposable
{
    public const string Ns = "videokit";

    private readonly RollbackSandbox sandbox;
    private readonly object faults;
    private readonly HttpClient http;

    private FaultSandbox(RollbackSandbox sandbox)
    {
        this.sandbox = sandbox;
        faults = sandbox.Cluster.GetType().GetProperty("Faults")!.GetValue(sandbox.Cluster)!;
        var address = (Uri)sandbox.Cluster.GetType().GetProperty("Address")!.GetValue(sandbox.Cluster)!;
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public string Kubeconfig => sandbox.Kubeconfig;

    public string Directory => sandbox.Directory;

    /// <summary>Starts the videokit world with pods ready after 500 ms instead of 1 s (the suite's runtime stays short).</summary>
    public static async Task<FaultSandbox> StartAsync() =>
        new(await RollbackSandbox.StartAsync(t => t.Replace("readyAfter: 1s", "readyAfter: 500ms", StringComparison.Ordinal)));

    public int WritesSince(DateTimeOffset since) => sandbox.WritesSince(since);

    // The sandbox's FaultInjector, by name.
    public void FailRequests(int status, int count, string? pathContains = "/api", string? verb = null, int retryAfterSeconds = 1) =>
        Call("FailRequests", status, 1.0, pathContains, verb, (int?)count, retryAfterSeconds);

    public void AddLatency(TimeSpan latency) => faults.GetType().GetProperty("AddedLatency")!.SetValue(faults, latency);

    public void DropWatches() => Call("DropWatches");

    public void ForceGoneOnNextWatchResume() => Call("ForceGoneOnNextWatchResume");

    public void ForceConflictOnNextUpdate() => Call("ForceConflictOnNextUpdate");

    public void TakeApiDown(TimeSpan duration) => Call("TakeApiDown", duration, false);

    public void ClearFaults() => Call("Clear");

    public Task<JsonObject?> GetAsync(string path) => GetOrNullAsync(path);

    public async Task<JsonObject> DeploymentAsync(string name) => (await GetOrNullAsync($"apis/apps/v1/namespaces/{Ns}/deployments/{name}"))!;

    public Task<JsonObject?> ConfigMapAsync(string name) => GetOrNullAsync($"api/v1/namespaces/{Ns}/configmaps/{name}");

    public async Task PostAsync(string path, JsonObject body)
    {
        using var r = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(r.IsSuccessStatusCode, $"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public async Task ReplaceConfigMapAsync(string name, JsonObject body)
    {
        using var r = await http.PutAsJsonAsync(new Uri($"api/v1/namespaces/{Ns}/configmaps/{name}", UriKind.Relative), body);
        Assert.True(r.IsSuccessStatusCode, $"PUT configmap {name}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>Starts a new rollout of a Deployment (kubectl set image).</summary>
    public async Task SetImageAsync(string name, string image)
    {
        var d = await DeploymentAsync(name);
        var container = d["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]!.GetValue<string>();
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }) } } } };
        using var content = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/strategic-merge-patch+json");
        using var r = await http.PatchAsync(new Uri($"apis/apps/v1/namespaces/{Ns}/deployments/{name}", UriKind.Relative), content);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    public static string Image(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    public static bool Available(JsonObject d) =>
        (long?)d["status"]?["observedGeneration"] >= (long?)d["metadata"]?["generation"]
        && ((int?)d["status"]?["availableReplicas"] ?? 0) == ((int?)d["spec"]?["replicas"] ?? 1)
        && ((int?)d["status"]?["updatedReplicas"] ?? 0) == ((int?)d["spec"]?["replicas"] ?? 1)
        && ((int?)d["status"]?["replicas"] ?? 0) == ((int?)d["spec"]?["replicas"] ?? 1);

    /// <summary>Polls (test side only) until the Deployment satisfies <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(string name, Func<JsonObject, bool> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(await DeploymentAsync(name)))
        {
            Assert.True(DateTime.UtcNow < until, $"deployment {name} did not reach the condition in {seconds}s");
            await Task.Delay(50);
        }
    }

    /// <summary>Helm's storage as helm history shows it: revision → status, from the release Secrets' labels.</summary>
    public async Task<SortedDictionary<int, string>> HistoryAsync(string release)
    {
        var list = (await GetOrNullAsync($"api/v1/namespaces/{Ns}/secrets?labelSelector=owner%3Dhelm%2Cname%3D{release}"))!;
        var history = new SortedDictionary<int, string>();
        foreach (var item in list["items"]!.AsArray())
        {
            var labels = item!["metadata"]!["labels"]!;
            history[int.Parse(labels["version"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)] = labels["status"]!.GetValue<string>();
        }

        return history;
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await sandbox.DisposeAsync();
    }

    private async Task<JsonObject?> GetOrNullAsync(string path)
    {
        using var r = await http.GetAsync(new Uri(path, UriKind.Relative));
        if (r.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(r.IsSuccessStatusCode, $"GET {path}: {(int)r.StatusCode}");
        return await r.Content.ReadFromJsonAsync<JsonObject>();
    }

    private void Call(string method, params object?[] args) => faults.GetType().GetMethod(method)!.Invoke(faults, args);
}
