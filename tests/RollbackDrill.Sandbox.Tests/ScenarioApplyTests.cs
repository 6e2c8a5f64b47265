using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class ScenarioApplyTests
{
    [Fact]
    public async Task Videokit_writes_42_helm_secrets_and_the_live_objects()
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        await using var _ = cluster;
        ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml")).ApplyTo(cluster);
        var secrets = cluster.Store.List("secrets", "videokit", "owner=helm,name=videokit-api");
        Assert.Equal(42, secrets.Count);
        foreach (var s in secrets)
        {
            Assert.Equal("helm.sh/release.v1", s["type"]!.GetValue<string>());
            var labels = s["metadata"]!["labels"]!.AsObject();
            var body = HelmReleaseCodec.DecodeRecord(s);
            Assert.Equal(labels["version"]!.GetValue<string>(), body["version"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(labels["status"]!.GetValue<string>(), body["info"]!["status"]!.GetValue<string>());
            Assert.Equal($"sh.helm.release.v1.videokit-api.v{labels["version"]}", s["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal("videokit", body["chart"]!["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal("0.1.0", body["chart"]!["metadata"]!["version"]!.GetValue<string>());
            Assert.Equal("1.0.0", body["chart"]!["metadata"]!["appVersion"]!.GetValue<string>());
        }

        Assert.Single(secrets, s => s["metadata"]!["labels"]!["status"]!.GetValue<string>() == "deployed");
        Assert.Equal(18, cluster.Store.List("secrets", "videokit", "owner=helm,name=videokit-worker").Count);
        var v41 = HelmReleaseCodec.DecodeRecord(cluster.Store.Get("secrets", "videokit", "sh.helm.release.v1.videokit-api.v41")!);
        Assert.Contains("image: registry.example.com/videokit/api:44f1639", v41["manifest"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("sandbox-redis-secret-do-not-print", v41["config"]!["redis"]!["password"]!.GetValue<string>());

        var deploy = cluster.Store.Get("deployments", "videokit", "videokit-api")!;
        Assert.Equal("registry.example.com/videokit/api:03d5aeb0", deploy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("videokit-api", deploy["metadata"]!["annotations"]!["meta.helm.sh/release-name"]!.GetValue<string>());
        Assert.Equal("videokit", deploy["metadata"]!["annotations"]!["meta.helm.sh/release-namespace"]!.GetValue<string>());
        Assert.Equal(2, cluster.Store.List("deployments", "videokit", "app.kubernetes.io/instance in (videokit-api,videokit-worker)").Count);
        Assert.NotNull(cluster.Store.Get("services", "videokit", "videokit-worker"));
        Assert.NotNull(cluster.Store.Get("namespaces", null, "videokit"));
    }

    [Fact]
    public async Task Embeddings_plain_deployments_get_replicaset_history()
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        await using var _ = cluster;
        ScenarioLoader.Load(HelmTestPaths.Example("embeddings.yaml")).ApplyTo(cluster);
        var vllm = cluster.Store.Get("deployments", "embeddings", "vllm-embeddings")!;
        var rss = cluster.Store.List("replicasets", "embeddings", "app.kubernetes.io/name=vllm-embeddings");
        Assert.Equal(2, rss.Count);
        Assert.Equal(["1", "2"], rss.Select(r => r["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>()).Order());
        Assert.All(rss, rs =>
        {
            Assert.Equal(vllm["metadata"]!["uid"]!.GetValue<string>(), rs["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
            var hash = rs["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>();
            Assert.Equal("vllm-embeddings-" + hash, rs["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal(0, rs["spec"]!["replicas"]!.GetValue<int>());
        });
        Assert.Contains(rss, rs => rs["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == "registry.example.com/embeddings/vllm:0.6.1");
        Assert.Equal(0, cluster.Store.Get("deployments", "embeddings", "legacy-embeddings")!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Scenario_faults_reach_the_fault_injector()
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        await using var _ = cluster;
        ScenarioLoader.Parse("""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            spec:
              faults:
                - {type: latency, latency: 150ms}
                - {type: api-down, duration: 2s}
            """).ApplyTo(cluster);
        Assert.Equal(TimeSpan.FromMilliseconds(150), cluster.Faults.AddedLatency);
        Assert.True(cluster.Faults.IsApiDown);
    }
}
