using System.Text.Json.Nodes;
using k8s;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Workloads;
using RollbackDrill.Sandbox;

namespace RollbackDrill.Engine.Tests.Workloads;

/// <summary>The KubernetesClient adapter against the sandbox API server: list, watch, /scale, patch, 410 and drops.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the fields through IAsyncLifetime.DisposeAsync.")]
public sealed class KubeWorkloadApiSandboxTests : IAsyncLifetime
{
    private SandboxCluster cluster = null!;
    private Kubernetes client = null!;

    public async Task InitializeAsync()
    {
        cluster = SandboxCluster.Create();
        await cluster.StartAsync(0);
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-wl-api-").FullName, "kubeconfig");
        cluster.WriteKubeconfig(path, "sandbox", "videokit");
        var connection = ConnectionResolver.Resolve(new ConnectionRequest { Kubeconfig = path, Context = "sandbox" });
        client = new Kubernetes(connection.Config, new WatchStreamHandler());
        cluster.Store.Create("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "videokit" } });
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task ListThenWatchSeesTheRolloutComplete()
    {
        Create("api", 2, "300ms");
        var api = new KubeWorkloadApi(client);
        var list = await api.ListAsync(WorkloadKinds.Deployment, "videokit", "app.kubernetes.io/instance=rel", null, CancellationToken.None);
        Assert.Equal("api", Assert.Single(list.Items).Metadata.Name);
        Assert.False(string.IsNullOrEmpty(list.ResourceVersion));

        var result = await new ReadinessWaiter(api).WaitAsync(ReadinessTarget.ForRelease("rel", "videokit"), "sandbox", TimeSpan.FromSeconds(20), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
    }

    private void Create(string name, int replicas, string readyAfter) =>
        cluster.Store.Create("deployments", "videokit", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = "videokit",
                ["labels"] = new JsonObject { ["app.kubernetes.io/instance"] = "rel" },
                ["annotations"] = new JsonObject { [SandboxAnnotations.ReadyAfter] = readyAfter },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name }, ["annotations"] = new JsonObject { [SandboxAnnotations.ReadyAfter] = readyAfter } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "img:1" }) },
                },
            },
        });
}
