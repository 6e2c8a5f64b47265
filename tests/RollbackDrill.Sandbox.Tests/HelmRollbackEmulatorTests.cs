using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class HelmRollbackEmulatorTests
{
    private static (SandboxCluster Cluster, HelmReleaseStore Releases, HelmRollbackEmulator Emulator) Videokit(string file = "videokit.yaml")
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        var app = ScenarioLoader.Load(HelmTestPaths.Example(file)).ApplyTo(cluster);
        return (cluster, new HelmReleaseStore(cluster.Store), app.Helm);
    }

    private static string Image(ResourceStore store, string ns, string name) =>
        store.Get("deployments", ns, name)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    [Fact]
    public async Task Rollback_42_to_41_writes_43_deployed_and_applies_41s_manifest()
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var r = await emulator.RollbackAsync("videokit", "videokit-api", 0, new HelmRollbackOptions { MaxHistory = 0 });
        Assert.Equal((42, 41, 43, HelmStatus.Deployed, false), (r.CurrentRevision, r.TargetRevision, r.NewRevision, r.Status, r.Killed));
        var history = releases.History("videokit", "videokit-api");
        Assert.Equal(43, history.Count);
        var v43 = history[^1];
        Assert.Equal("Rollback to 41", v43["info"]!["description"]!.GetValue<string>());
        Assert.Equal(HelmStatus.Deployed, HelmReleaseStore.Status(v43));
        Assert.Equal(HelmStatus.Superseded, HelmReleaseStore.Status(history[41]));
        Assert.Single(history, h => HelmReleaseStore.Status(h) == HelmStatus.Deployed);
        Assert.Equal(history[40]["manifest"]!.GetValue<string>(), v43["manifest"]!.GetValue<string>());
        Assert.Equal(history[0]["info"]!["first_deployed"]!.GetValue<string>(), v43["info"]!["first_deployed"]!.GetValue<string>());
        Assert.Equal("registry.example.com/videokit/api:44f1639", Image(cluster.Store, "videokit", "videokit-api"));

        var secret = cluster.Store.Get("secrets", "videokit", "sh.helm.release.v1.videokit-api.v43")!;
        var labels = secret["metadata"]!["labels"]!.AsObject();
        Assert.Equal(("deployed", "43", "helm"), (labels["status"]!.GetValue<string>(), labels["version"]!.GetValue<string>(), labels["owner"]!.GetValue<string>()));
        Assert.True(labels.ContainsKey("modifiedAt"));
        Assert.False(labels.ContainsKey("createdAt")); // driver.Update rebuilds the labels
        Assert.Equal("superseded", cluster.Store.Get("secrets", "videokit", "sh.helm.release.v1.videokit-api.v42")!["metadata"]!["labels"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pending_rollback_record_is_written_before_any_workload_is_touched()
    {
        var (cluster, _, emulator) = Videokit();
        await using var _c = cluster;
        var events = new List<string>();
        cluster.Store.Changed += e =>
        {
            lock (events)
            {
                var status = e.Object["metadata"]?["labels"]?["status"]?.GetValue<string>();
                events.Add($"{e.Type} {e.Resource}/{e.Object["metadata"]!["name"]} {status}".TrimEnd());
            }
        };
        await emulator.RollbackAsync("videokit", "videokit-worker", 17, new HelmRollbackOptions { MaxHistory = 0 });
        var pending = events.FindIndex(e => e == "ADDED secrets/sh.helm.release.v1.videokit-worker.v19 pending-rollback");
        var deploy = events.FindIndex(e => e.StartsWith("MODIFIED deployments/videokit-worker", StringComparison.Ordinal));
        var deployed = events.FindIndex(e => e == "MODIFIED secrets/sh.helm.release.v1.videokit-worker.v19 deployed");
        Assert.True(pending >= 0 && deploy > pending && deployed > deploy, string.Join("\n", events));
    }

    [Fact]
    public async Task History_max_default_10_prunes_oldest_before_writing()
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var r = await emulator.RollbackAsync("videokit", "videokit-api", 0, new HelmRollbackOptions());
        Assert.Equal(Enumerable.Range(1, 33), r.PrunedRevisions);
        Assert.Equal(Enumerable.Range(34, 10), releases.History("videokit", "videokit-api").Select(HelmReleaseStore.Version));
    }

    [Fact]
    public async Task Wait_times_out_marks_new_revision_failed_and_keeps_previous_deployed()
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var ex = await Assert.ThrowsAsync<HelmCommandException>(() => emulator.RollbackAsync("videokit", "videokit-api", 41,
            new HelmRollbackOptions { Wait = true, Timeout = TimeSpan.FromMilliseconds(300), MaxHistory = 0 }));
        Assert.Equal("release videokit-api failed: context deadline exceeded", ex.Message);
        var history = releases.History("videokit", "videokit-api");
        Assert.Equal(HelmStatus.Failed, HelmReleaseStore.Status(history[^1]));
        Assert.Equal("Release \"videokit-api\" failed: context deadline exceeded", history[^1]["info"]!["description"]!.GetValue<string>());
        Assert.Equal(HelmStatus.Deployed, HelmReleaseStore.Status(history[^2]));
    }

    [Fact]
    public async Task Wait_succeeds_when_the_new_replicaset_is_ready()
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var task = emulator.RollbackAsync("videokit", "videokit-api", 41, new HelmRollbackOptions { Wait = true, Timeout = TimeSpan.FromSeconds(10), MaxHistory = 0 });
        while (Image(cluster.Store, "videokit", "videokit-api").EndsWith("03d5aeb0", StringComparison.Ordinal))
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
        Assert.False(task.IsCompleted); // still waiting: no ready ReplicaSet for the new template
        HelmFakeRollout.Complete(cluster.Store, "videokit", "videokit-api");
        var r = await task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HelmStatus.Deployed, r.Status);
        Assert.Equal(HelmStatus.Deployed, HelmReleaseStore.Status(releases.History("videokit", "videokit-api")[^1]));
    }

    [Theory]
    [InlineData("nope", 0, "release: not found")]
    [InlineData("videokit-api", 99, "release has no 99 version")]
    [InlineData("videokit-api", -1, "invalid release revision")]
    [InlineData("Bad_Name", 0, "prepareRollback: Release name is invalid: Bad_Name")]
    public async Task Errors_are_worded_as_helm_words_them(string release, int revision, string message)
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var ex = await Assert.ThrowsAsync<HelmCommandException>(() => emulator.RollbackAsync("videokit", release, revision));
        Assert.Equal(message, ex.Message);
        Assert.Equal(42, releases.History("videokit", "videokit-api").Count); // nothing written
    }

    [Fact]
    public async Task Newest_pending_revision_does_not_block_rollback_like_helm()
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        await using var _ = cluster;
        var app = ScenarioLoader.Parse("""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            spec:
              namespaces: [shop]
              releases:
                - name: cart
                  namespace: shop
                  chart: {name: cart, version: 1.0.0, appVersion: "2.0"}
                  image: r/cart
                  revisions:
                    - {revision: 1, tag: v1, status: superseded}
                    - {revision: 2, tag: v2, status: deployed}
                    - {revision: 3, tag: v3, status: pending-upgrade}
            """).ApplyTo(cluster);
        var r = await app.Helm.RollbackAsync("shop", "cart", 0, new HelmRollbackOptions());
        Assert.Equal((3, 2, 4), (r.CurrentRevision, r.TargetRevision, r.NewRevision));
        var statuses = new HelmReleaseStore(cluster.Store).History("shop", "cart").Select(HelmReleaseStore.Status);
        Assert.Equal(["superseded", "superseded", "pending-upgrade", "deployed"], statuses);
    }

    [Fact]
    public async Task Killed_helm_leaves_pending_rollback_and_untouched_workloads()
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var r = await emulator.RollbackAsync("videokit", "videokit-api", 0, new HelmRollbackOptions { KillAt = HelmRollbackKillPoint.AfterPendingRecord, MaxHistory = 0 });
        Assert.True(r.Killed);
        var newest = releases.History("videokit", "videokit-api")[^1];
        Assert.Equal((43, HelmStatus.PendingRollback), (HelmReleaseStore.Version(newest), HelmReleaseStore.Status(newest)));
        var labels = cluster.Store.Get("secrets", "videokit", "sh.helm.release.v1.videokit-api.v43")!["metadata"]!["labels"]!.AsObject();
        Assert.True(labels.ContainsKey("createdAt")); // only driver.Create ran
        Assert.Equal("registry.example.com/videokit/api:03d5aeb0", Image(cluster.Store, "videokit", "videokit-api"));
    }

    [Fact]
    public async Task Dry_run_writes_nothing()
    {
        var (cluster, releases, emulator) = Videokit();
        await using var _ = cluster;
        var rv = cluster.Store.CurrentResourceVersion;
        var r = await emulator.RollbackAsync("videokit", "videokit-api", 0, new HelmRollbackOptions { DryRun = true });
        Assert.Equal(43, r.NewRevision);
        Assert.Equal(rv, cluster.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task ConfigMap_driver_is_detected_and_used()
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        await using var _ = cluster;
        var app = ScenarioLoader.Parse("""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            spec:
              namespaces: [shop]
              releases:
                - name: cart
                  namespace: shop
                  storage: configmap
                  chart: {name: cart, version: 1.0.0}
                  image: r/cart
                  revisions: {count: 3}
            """).ApplyTo(cluster);
        Assert.Empty(cluster.Store.List("secrets", "shop", "owner=helm"));
        await app.Helm.RollbackAsync("shop", "cart", 1, new HelmRollbackOptions());
        var cm = cluster.Store.Get("configmaps", "shop", "sh.helm.release.v1.cart.v4")!;
        Assert.Equal("deployed", cm["metadata"]!["labels"]!["status"]!.GetValue<string>());
        Assert.Equal("Rollback to 1", HelmReleaseCodec.DecodeRecord(cm)["info"]!["description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("StatefulSet", "statefulsets")]
    [InlineData("DaemonSet", "daemonsets")]
    public async Task StatefulSet_and_DaemonSet_releases_roll_back_with_wait_against_the_controllers(string kind, string resource)
    {
        var cluster = SandboxCluster.Create();
        await using var _ = cluster;
        var app = ScenarioLoader.Parse($$"""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            spec:
              namespaces: [data]
              releases:
                - name: cache
                  namespace: data
                  kind: {{kind}}
                  chart: {name: cache, version: 2.0.0, appVersion: "7.2"}
                  image: r/cache
                  replicas: 2
                  readyAfter: 300ms
                  revisions: {count: 3}
            """).ApplyTo(cluster);
        await cluster.StartAsync();
        var r = await app.Helm.RollbackAsync("data", "cache", 0, new HelmRollbackOptions { Wait = true, Timeout = TimeSpan.FromSeconds(30) });
        Assert.Equal((4, 2, HelmStatus.Deployed), (r.NewRevision, r.TargetRevision, r.Status));
        var obj = cluster.Store.Get(resource, "data", "cache")!;
        Assert.Equal("r/cache:7.2-r2", obj["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Null(kind == "StatefulSet" ? HelmWaitRules.StatefulSetNotReady(obj) : HelmWaitRules.DaemonSetNotReady(obj));
    }

    [Fact]
    public void Helm_wait_rules_use_max_unavailable()
    {
        var dep = JsonNode.Parse("""{"metadata":{"generation":2},"spec":{"replicas":4},"status":{"observedGeneration":2}}""")!.AsObject();
        var rs = JsonNode.Parse("""{"metadata":{"generation":1},"status":{"observedGeneration":1,"readyReplicas":2}}""")!.AsObject();
        Assert.Equal(1, HelmWaitRules.MaxUnavailable(dep)); // 25% of 4, rounded down
        Assert.Contains("2 out of 3 expected pods are ready", HelmWaitRules.DeploymentNotReady(dep, rs), StringComparison.Ordinal);
        rs["status"]!["readyReplicas"] = 3;
        Assert.Null(HelmWaitRules.DeploymentNotReady(dep, rs));
        dep["status"]!["observedGeneration"] = 1;
        Assert.Contains("observedGeneration (1) does not match spec generation (2)", HelmWaitRules.DeploymentNotReady(dep, rs), StringComparison.Ordinal);
    }
}
