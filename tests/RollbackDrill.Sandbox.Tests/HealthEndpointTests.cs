using System.Net;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Health;
using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class HealthEndpointTests
{
    private static async Task<(HttpStatusCode Code, string Body)> GetAsync(HttpClient http, Uri url)
    {
        using var resp = await http.GetAsync(url);
        return (resp.StatusCode, (await resp.Content.ReadAsStringAsync()).TrimEnd('\n'));
    }

    private static async Task<(HttpStatusCode Code, string Body)> WaitForAsync(HttpClient http, Uri url, HttpStatusCode want, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var r = await GetAsync(http, url);
            if (r.Code == want || DateTime.UtcNow > deadline)
            {
                return r;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Legacy_embeddings_healthz_flips_from_503_to_200_when_scaled_to_3_and_ready()
    {
        var cluster = SandboxCluster.Create();
        await using var _ = cluster;
        var app = ScenarioLoader.Load(HelmTestPaths.Example("embeddings.yaml")).ApplyTo(cluster);
        await cluster.StartAsync();
        using var http = new HttpClient();
        var url = new Uri(app.HealthUrls["embeddings/legacy-embeddings"], "healthz");
        Assert.Equal($"{cluster.Address}sandbox/health/embeddings/legacy-embeddings/healthz", url.ToString());
        var before = await GetAsync(http, url);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.Code);
        Assert.Contains("no ready pods behind service embeddings/legacy-embeddings", before.Body, StringComparison.Ordinal);

        var dep = cluster.Store.Get("deployments", "embeddings", "legacy-embeddings")!;
        dep["spec"]!["replicas"] = 3;
        cluster.Store.Update("deployments", "embeddings", dep);
        var scaledAt = DateTime.UtcNow;
        var after = await WaitForAsync(http, url, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        Assert.Equal((HttpStatusCode.OK, "legacy embeddings OK"), after);
        Assert.True(DateTime.UtcNow - scaledAt >= TimeSpan.FromSeconds(0.9), "pods become ready after readyAfter: 1s, not at once");
        var ready = cluster.Store.List("pods", "embeddings", "app.kubernetes.io/name=legacy-embeddings")
            .Count(p => p["status"]?["conditions"] is JsonArray c && c.Any(x => x?["type"]?.GetValue<string>() == "Ready" && x["status"]?.GetValue<string>() == "True"));
        Assert.Equal(3, ready);
    }

    [Fact]
    public async Task Videokit_readyz_answers_redis_postgres_ok_once_rolled_out_and_503_during_a_never_ready_rollout()
    {
        var cluster = SandboxCluster.Create();
        await using var _ = cluster;
        var app = ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml")).ApplyTo(cluster);
        await cluster.StartAsync();
        using var http = new HttpClient();
        var url = new Uri(app.HealthUrls["videokit/videokit-api"], "readyz");
        Assert.Equal((HttpStatusCode.OK, "Redis OK, Postgres OK"), await WaitForAsync(http, url, HttpStatusCode.OK, TimeSpan.FromSeconds(15)));

        var dep = cluster.Store.Get("deployments", "videokit", "videokit-api")!;
        dep["spec"]!["template"]!["metadata"]!["annotations"]![SandboxAnnotations.NeverReady] = "true";
        cluster.Store.Update("deployments", "videokit", dep);
        var during = await WaitForAsync(http, url, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.Code);
        Assert.StartsWith("not ready: deployment/videokit-api: ", during.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_service_or_path_answers_404()
    {
        var cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = false });
        await using var _ = cluster;
        var app = ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml")).ApplyTo(cluster);
        await cluster.StartAsync();
        using var http = new HttpClient();
        var wrongPath = await GetAsync(http, new Uri(app.HealthUrls["videokit/videokit-api"], "healthz"));
        Assert.Equal(HttpStatusCode.NotFound, wrongPath.Code);
        Assert.Contains("serves /readyz", wrongPath.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, new Uri(cluster.Address, "sandbox/health/videokit/nope/readyz"))).Code);
    }

    [Fact]
    public void Kubectl_rollout_status_rules_for_deployments()
    {
        var d = JsonNode.Parse("""{"kind":"Deployment","metadata":{"name":"a","generation":3},"spec":{"replicas":3},"status":{"observedGeneration":3,"replicas":4,"updatedReplicas":3,"availableReplicas":3}}""")!.AsObject();
        Assert.Equal("Waiting for deployment \"a\" rollout to finish: 1 old replicas are pending termination...", RolloutRules.NotComplete(d));
        d["status"]!["replicas"] = 3;
        Assert.Null(RolloutRules.NotComplete(d));
        d["status"]!["conditions"] = JsonNode.Parse("""[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]""");
        Assert.Equal("deployment \"a\" exceeded its progress deadline", RolloutRules.NotComplete(d));
        d["metadata"]!["generation"] = 4;
        Assert.Equal("Waiting for deployment spec update to be observed...", RolloutRules.NotComplete(d));
    }

    [Fact]
    public async Task Helm_rollback_with_wait_completes_against_the_real_controllers()
    {
        var cluster = SandboxCluster.Create();
        await using var _ = cluster;
        var app = ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml")).ApplyTo(cluster);
        await cluster.StartAsync();
        var started = DateTime.UtcNow;
        var r = await app.Helm.RollbackAsync("videokit", "videokit-worker", 0, new HelmRollbackOptions { Wait = true, Timeout = TimeSpan.FromSeconds(30) });
        Assert.Equal((19, 17, HelmStatus.Deployed), (r.NewRevision, r.TargetRevision, r.Status));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "--wait waited for pods that become ready after 1s");
        var dep = cluster.Store.Get("deployments", "videokit", "videokit-worker")!;
        Assert.Equal("registry.example.com/videokit/worker:44f1639", dep["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        var rs = HelmWaitRules.FindNewReplicaSet(dep, cluster.Store.List("replicasets", "videokit"));
        Assert.NotNull(rs);
        Assert.Null(HelmWaitRules.DeploymentNotReady(dep, rs));
    }
}
