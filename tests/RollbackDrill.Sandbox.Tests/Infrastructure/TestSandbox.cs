using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Tests.Infrastructure;

/// <summary>A started sandbox on a free port with a kubeconfig in its own temp directory.</summary>
public sealed class TestSandbox : IAsyncDisposable
{
    private TestSandbox(SandboxCluster cluster, string dir, string kubeconfig)
    {
        Cluster = cluster;
        Directory = dir;
        Kubeconfig = kubeconfig;
    }

    public SandboxCluster Cluster { get; }

    public ResourceStore Store => Cluster.Store;

    public string Directory { get; }

    public string Kubeconfig { get; }

    public static async Task<TestSandbox> StartAsync(SandboxOptions? options = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rbd-sandbox-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        var cluster = SandboxCluster.Create(options);
        await cluster.StartAsync();
        var kc = cluster.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
        return new TestSandbox(cluster, dir, kc);
    }

    public Task<KubectlResult> KubectlAsync(params string[] args) => Kubectl.RunAsync(Kubeconfig, args);

    public void Namespace(string name) =>
        Store.Create("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });

    public JsonObject Deployment(string ns, string name, int replicas = 2, string image = "nginx:1.25", int? progressDeadlineSeconds = null, bool neverReady = false, string readyAfter = "300ms")
    {
        var annotations = new JsonObject { [SandboxAnnotations.ReadyAfter] = readyAfter };
        if (neverReady)
        {
            annotations[SandboxAnnotations.NeverReady] = "true";
        }

        var d = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name }, ["annotations"] = annotations },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = image }),
                    },
                },
            },
        };
        if (progressDeadlineSeconds is { } pds)
        {
            d["spec"]!["progressDeadlineSeconds"] = pds;
        }

        return Store.Create("deployments", ns, d);
    }

    /// <summary>Changes the deployment's image (a new template → a new revision).</summary>
    public void SetImage(string ns, string name, string image, bool neverReady = false)
    {
        var d = Store.Get("deployments", ns, name)!;
        d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        var ann = (JsonObject)d["spec"]!["template"]!["metadata"]!["annotations"]!;
        if (neverReady)
        {
            ann[SandboxAnnotations.NeverReady] = "true";
        }
        else
        {
            ann.Remove(SandboxAnnotations.NeverReady);
        }

        Store.Update("deployments", ns, d);
    }

    /// <summary>Waits until the predicate holds for the object (polling the store).</summary>
    public async Task<JsonObject> WaitForAsync(string resource, string ns, string name, Func<JsonObject, bool> predicate, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = Store.Get(resource, ns, name);
            if (last is not null && predicate(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{resource}/{name} did not reach the expected state in {timeoutSeconds}s; last: {last?.ToJsonString()}");
    }

    public Task<JsonObject> WaitRolledOutAsync(string ns, string name) =>
        WaitForAsync("deployments", ns, name, d =>
        {
            var st = d["status"];
            var replicas = d["spec"]?["replicas"]?.GetValue<long>() ?? 1;
            return (st?["observedGeneration"]?.GetValue<long>() ?? 0) >= d["metadata"]!["generation"]!.GetValue<long>() &&
                   (st?["updatedReplicas"]?.GetValue<long>() ?? 0) == replicas &&
                   (st?["replicas"]?.GetValue<long>() ?? 0) == replicas &&
                   (st?["availableReplicas"]?.GetValue<long>() ?? 0) == replicas;
        });

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
