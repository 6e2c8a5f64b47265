using System.Text.Json.Nodes;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Drills;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Sandbox;
using Xunit;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>The drill runner's path: a drill file's kubernetes probe mapped and measured through ClusterRecovery against the sandbox API.</summary>
[Collection(TimingTests.Name)]
public sealed class ClusterRecoveryTests : IAsyncLifetime
{
    private SandboxCluster cluster = null!;
    private ClusterConnection connection = null!;

    public async Task InitializeAsync()
    {
        cluster = SandboxCluster.Create();
        await cluster.StartAsync(0);
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-recovery-").FullName, "kubeconfig");
        cluster.WriteKubeconfig(path, "sandbox", "videokit");
        connection = ConnectionResolver.Resolve(new ConnectionRequest { Kubeconfig = path, Context = "sandbox" });
        cluster.Store.Create("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "videokit" } });
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task AKubernetesDrillProbeRecoversWhenTheReleasesDeploymentIsRolledOut()
    {
        var drill = new DrillDefinition { Name = "d", Environment = "test", Context = "sandbox", Namespace = "videokit", Groups = [] };
        var probe = DrillProbeMapper.ToRecoveryProbe(new DrillProbe { Name = "api-ready", Kind = DrillProbeKind.Kubernetes, Release = "rel" }, drill, null);
        var t0 = DateTimeOffset.UtcNow;
        Create("api", 2, "1s");

        using var recovery = new ClusterRecovery(connection);
        var m = await recovery.Service.MeasureAsync(
            new RecoveryRequest { Name = "d", Probes = [probe], Since = t0, Objective = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(20) },
            null,
            CancellationToken.None);

        Assert.Equal(RecoveryOutcome.Recovered, m.Outcome);
        var p = Assert.Single(m.Probes);
        Assert.True(p.Failures > 0, "the pods were not ready at first");
        // The sandbox's kubelet makes the pods ready 1 s after they start: not before.
        Assert.True(m.RecoveryTime >= TimeSpan.FromSeconds(0.9), $"recovered after {m.RecoveryTime}");
        Assert.Contains(m.Samples, s => s.Error?.StartsWith("deployment/api: Waiting for deployment \"api\" rollout to finish", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AMissingNamespaceIsAFailingCheckNotACrash()
    {
        var probe = ProbeBuilder.Kubernetes("k", "rel", "no-such-namespace", "sandbox", null, null);
        using var recovery = new ClusterRecovery(connection);
        var m = await recovery.Service.MeasureAsync(
            new RecoveryRequest { Name = "d", Probes = [probe], Timeout = TimeSpan.FromSeconds(1) },
            null,
            CancellationToken.None);
        Assert.Equal(RecoveryOutcome.NotRecovered, m.Outcome);
        Assert.NotNull(Assert.Single(m.Probes).LastError);
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
