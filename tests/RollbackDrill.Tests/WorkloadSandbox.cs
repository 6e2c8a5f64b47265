using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>
/// The real sandbox cluster (RollbackDrill.Sandbox from the built module's bin/Dependencies), started in this test
/// process on loopback in a load context of its own (this project deliberately does not reference the module's
/// assemblies, and pins an older YamlDotNet). Reached through reflection for start/faults/request log, and through
/// its HTTP API for objects, exactly as a client would.
/// </summary>
public sealed class WorkloadSandbox : IAsyncDisposable
{
    private static readonly Lazy<Assembly> SandboxAssembly = new(() =>
    {
        var dir = Path.Combine(RepoPaths.Root, "bin", "Dependencies");
        var alc = new DirectoryLoadContext(dir);
        return alc.LoadFromAssemblyPath(Path.Combine(dir, "RollbackDrill.Sandbox.dll"));
    });

    private readonly object cluster;
    private readonly HttpClient http;

    private WorkloadSandbox(object cluster, Uri address, string kubeconfig)
    {
        this.cluster = cluster;
        Address = address;
        Kubeconfig = kubeconfig;
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public const string Context = "prod-eu-west-1-admin";

    public const string Namespace = "videokit";

    public Uri Address { get; }

    public string Kubeconfig { get; }

    public static async Task<WorkloadSandbox> StartAsync()
    {
        var type = SandboxAssembly.Value.GetType("RollbackDrill.Sandbox.SandboxCluster", throwOnError: true)!;
        var cluster = type.GetMethod("Create")!.Invoke(null, [null])!;
        await (Task)type.GetMethod("StartAsync")!.Invoke(cluster, [0, CancellationToken.None])!;
        var address = (Uri)type.GetProperty("Address")!.GetValue(cluster)!;
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-wl-").FullName, "kubeconfig");
        var written = (string)type.GetMethod("WriteKubeconfig")!.Invoke(cluster, [path, Context, Namespace])!;
        var sandbox = new WorkloadSandbox(cluster, address, written);
        await sandbox.PostAsync("api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        return sandbox;
    }

    /// <summary>Whether any write (POST/PUT/PATCH/DELETE) reached the API since <paramref name="since"/>.</summary>
    public bool AnyWriteSince(DateTimeOffset since)
    {
        var log = cluster.GetType().GetProperty("Log")!.GetValue(cluster)!;
        return (bool)log.GetType().GetMethod("AnyWriteSince")!.Invoke(log, [since])!;
    }

    /// <summary>Drops every open watch stream (the sandbox's fault injector).</summary>
    public void DropWatches()
    {
        var faults = cluster.GetType().GetProperty("Faults")!.GetValue(cluster)!;
        faults.GetType().GetMethod("DropWatches")!.Invoke(faults, null);
    }

    /// <summary>Creates a Deployment labelled for <paramref name="release"/> whose pods become ready after <paramref name="readyAfter"/>.</summary>
    public Task<JsonObject> CreateDeploymentAsync(string name, string release, int replicas, string image, string readyAfter = "300ms", bool neverReady = false, int progressDeadlineSeconds = 600)
    {
        var annotations = new JsonObject { ["sandbox.rollbackdrill.io/ready-after"] = readyAfter };
        if (neverReady)
        {
            annotations["sandbox.rollbackdrill.io/never-ready"] = "true";
        }

        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Namespace,
                ["labels"] = new JsonObject { ["app.kubernetes.io/instance"] = release, ["app.kubernetes.io/name"] = name },
                ["annotations"] = annotations.DeepClone(),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["progressDeadlineSeconds"] = progressDeadlineSeconds,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = name }, ["annotations"] = annotations },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
                },
            },
        };
        return PostAsync($"apis/apps/v1/namespaces/{Namespace}/deployments", deployment);
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        var r = await http.GetAsync(new Uri(path, UriKind.Relative));
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public Task<JsonObject> GetDeploymentAsync(string name) => GetAsync($"apis/apps/v1/namespaces/{Namespace}/deployments/{name}");

    /// <summary>Changes a Deployment's image (a new rollout, a new ReplicaSet revision), as kubectl set image does.</summary>
    public async Task SetImageAsync(string name, string image)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) } } } };
        using var content = new StringContent(patch.ToJsonString(), System.Text.Encoding.UTF8, "application/strategic-merge-patch+json");
        var r = await http.PatchAsync(new Uri($"apis/apps/v1/namespaces/{Namespace}/deployments/{name}", UriKind.Relative), content);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    /// <summary>Waits (polling the API, test-side only) until the Deployment reports the condition.</summary>
    public async Task WaitUntilAsync(string name, Func<JsonObject, bool> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(await GetDeploymentAsync(name)))
        {
            Assert.True(DateTime.UtcNow < until, $"deployment {name} did not reach the condition in {seconds}s");
            await Task.Delay(50);
        }
    }

    public static bool Available(JsonObject d) =>
        (long?)d["status"]?["observedGeneration"] >= (long?)d["metadata"]?["generation"]
        && ((int?)d["status"]?["availableReplicas"] ?? 0) == ((int?)d["spec"]?["replicas"] ?? 1)
        && ((int?)d["status"]?["updatedReplicas"] ?? 0) == ((int?)d["spec"]?["replicas"] ?? 1)
        && ((int?)d["status"]?["replicas"] ?? 0) == ((int?)d["spec"]?["replicas"] ?? 1);

    public async Task<JsonObject> PostAsync(string path, JsonObject body)
    {
        var r = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"POST {path}: {(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await ((IAsyncDisposable)cluster).DisposeAsync();
    }

    private sealed class DirectoryLoadContext(string directory) : AssemblyLoadContext("RollbackDrill.Tests.Sandbox")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
