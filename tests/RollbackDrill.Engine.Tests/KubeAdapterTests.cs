using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Services;

namespace RollbackDrill.Engine.Tests;

public sealed class KubeAdapterTests
{
    private static Kubernetes Client(FakeKubeApi api) => new(new KubernetesClientConfiguration { Host = api.Url });

    private static FakeKubeApi Videokit(bool configMaps = false)
    {
        var api = new FakeKubeApi();
        foreach (var (name, last) in new[] { ("videokit-api", 42), ("videokit-worker", 18) })
        {
            for (var rev = last - 3; rev <= last; rev++)
            {
                var status = rev == last ? "deployed" : "superseded";
                var payload = HelmRecords.Payload(name, "videokit", rev, status, gzip: rev % 2 == 0);
                api.Add(configMaps ? "configmaps" : "secrets", configMaps
                    ? HelmRecords.ConfigMap(name, "videokit", rev, status, payload)
                    : HelmRecords.Secret(name, "videokit", rev, status, payload));
            }
        }

        // Not Helm's: must not be listed.
        api.Add("secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "videokit", ["labels"] = new JsonObject { ["name"] = "videokit-api" } }, ["data"] = new JsonObject() });
        return api;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadsBothDriversGzippedAndNotThroughTheRealClient(bool configMaps)
    {
        using var api = Videokit(configMaps);
        using var client = Client(api);
        var store = new KubeReleaseStore(client, configMaps ? HelmStorageDriver.ConfigMap : HelmStorageDriver.Secret);
        var results = await new ReleaseHistoryService(store).GetRevisionsAsync(
            new ReleaseQuery { Names = ["videokit-api"], Namespace = "videokit", Revisions = [41, 42] }, CancellationToken.None);
        var revisions = results.Select(r => r.Value ?? throw r.Error!).ToList();
        Assert.Equal(["videokit-api:41", "videokit-api:42"], revisions.Select(r => r.ToString()).ToArray());
        Assert.Equal(["superseded", "deployed"], revisions.Select(r => r.Status).ToArray());
        Assert.All(revisions, r => Assert.Equal(configMaps ? HelmStorageDriver.ConfigMap : HelmStorageDriver.Secret, r.StorageDriver));
        Assert.Equal("sh.helm.release.v1.videokit-api.v42", revisions[1].StorageObject);
        var request = Assert.Single(api.Requests);
        Assert.Contains($"/api/v1/namespaces/videokit/{(configMaps ? "configmaps" : "secrets")}", request);
        Assert.Contains("labelSelector=owner%3Dhelm%2Cname%3Dvideokit-api", request);
    }

    [Fact]
    public async Task ListsAllNamespacesInPages()
    {
        using var api = new FakeKubeApi();
        for (var i = 0; i < 1203; i++)
        {
            api.Add("secrets", HelmRecords.Secret($"r{i % 7}", $"ns{i % 3}", i, "superseded", "x"));
        }

        using var client = Client(api);
        var records = await new KubeReleaseStore(client, HelmStorageDriver.Secret).ListAsync(null, null, CancellationToken.None);
        Assert.Equal(1203, records.Count);
        Assert.Equal(3, api.Requests.Count); // 500 + 500 + 203, like kubectl's chunking
        Assert.All(api.Requests, r => Assert.StartsWith("/api/v1/secrets?", r));
        Assert.Equal("x", records[0].Payload);
    }

    [Fact]
    public async Task ForbiddenListIsPermissionDeniedNamingVerbResourceAndNamespace()
    {
        using var api = Videokit().Deny("/api/v1/namespaces/videokit/secrets");
        using var client = Client(api);
        var ex = await Assert.ThrowsAsync<DrillException>(() => new KubeReleaseStore(client, HelmStorageDriver.Secret).ListAsync("videokit", "videokit-api", CancellationToken.None));
        Assert.Equal(ErrorIds.PermissionDenied, ex.ErrorId);
        Assert.Equal(DrillErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("list secrets in namespace videokit", ex.Message);
        Assert.Contains("cannot list resource", ex.Message); // the API server's own words are kept
        Assert.IsType<HttpOperationException>(ex.InnerException);
        Assert.Equal("videokit-api", ex.Target);
    }

    [Fact]
    public async Task UnreachableServerIsAConnectionError()
    {
        string url;
        using (var api = new FakeKubeApi())
        {
            url = api.Url;
        }

        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = url });
        var ex = await Assert.ThrowsAsync<DrillException>(() => new KubeReleaseStore(client, HelmStorageDriver.Secret).ListAsync("videokit", null, CancellationToken.None));
        Assert.Equal(ErrorIds.ClusterUnreachable, ex.ErrorId);
        Assert.Equal(DrillErrorKind.ConnectionError, ex.Kind);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "ResourceNotFound", DrillErrorKind.ObjectNotFound)]
    [InlineData(HttpStatusCode.Unauthorized, "AuthenticationFailed", DrillErrorKind.AuthenticationError)]
    [InlineData(HttpStatusCode.Forbidden, "PermissionDenied", DrillErrorKind.PermissionDenied)]
    [InlineData(HttpStatusCode.Conflict, "ResourceBusy", DrillErrorKind.ResourceBusy)]
    [InlineData(HttpStatusCode.GatewayTimeout, "OperationTimeout", DrillErrorKind.OperationTimeout)]
    [InlineData(HttpStatusCode.InternalServerError, "ApiError", DrillErrorKind.NotSpecified)]
    public void MapsStatusCodes(HttpStatusCode code, string errorId, DrillErrorKind kind)
    {
        var http = new HttpOperationException("boom")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), "{\"kind\":\"Status\",\"message\":\"server says no\"}"),
        };
        var ex = KubeErrorMapper.Map(http, "patch", "deployments.apps", "videokit", "videokit-api", "videokit-api");
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(kind, ex.Kind);
        Assert.Same(http, ex.InnerException);
        Assert.Contains("patch deployments.apps 'videokit-api' in namespace videokit", ex.Message);
    }

    [Fact]
    public void TimeoutsAreOperationTimeoutButTheUsersCancellationIsNotMapped()
    {
        var timeout = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException());
        Assert.True(KubeErrorMapper.IsApiFailure(timeout, CancellationToken.None));
        Assert.Equal(ErrorIds.OperationTimeout, KubeErrorMapper.Map(timeout, "list", "pods", null).ErrorId);
        Assert.Contains("across all namespaces", KubeErrorMapper.Map(timeout, "list", "pods", null).Message);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.False(KubeErrorMapper.IsApiFailure(new OperationCanceledException(cts.Token), cts.Token));
        Assert.False(KubeErrorMapper.IsApiFailure(new InvalidOperationException(), CancellationToken.None));
    }

    [Fact]
    public async Task WorkloadReaderMapsCountersTreatingOmittedAsZero()
    {
        using var api = new FakeKubeApi();
        api.Add("deployments", JsonNode.Parse("""
            {"metadata":{"name":"videokit-api","namespace":"videokit","generation":4,"labels":{"app.kubernetes.io/instance":"videokit-api"},
              "annotations":{"deployment.kubernetes.io/revision":"12"}},
             "spec":{"replicas":3,"template":{"metadata":{"labels":{"git-commit":"03d5aeb0"}},"spec":{"containers":[{"name":"app","image":"api:1.0.0"}]}}},
             "status":{"observedGeneration":4,"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}
            """)!.AsObject());
        api.Add("statefulsets", JsonNode.Parse("""
            {"metadata":{"name":"videokit-db","namespace":"videokit","generation":1,"labels":{"app.kubernetes.io/instance":"videokit-api"}},
             "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"db","image":"postgres:16"}]}}},"status":{}}
            """)!.AsObject());
        api.Add("pods", JsonNode.Parse("""
            {"metadata":{"name":"videokit-api-7d9-abc","namespace":"videokit","creationTimestamp":"2024-11-18T09:00:00Z","labels":{"app.kubernetes.io/instance":"videokit-api"}},
             "spec":{"nodeName":"n1","containers":[{"name":"app","image":"api:1.0.0"},{"name":"sidecar","image":"envoy:1"}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
               "containerStatuses":[{"name":"app","ready":true,"restartCount":2,"image":"api:1.0.0","imageID":"","started":true},{"name":"sidecar","ready":true,"restartCount":1,"image":"envoy:1","imageID":""}]}}
            """)!.AsObject());
        using var client = Client(api);
        var reader = new KubeWorkloadReader(client);
        var workloads = await reader.ListWorkloadsAsync("videokit", "app.kubernetes.io/instance=videokit-api", CancellationToken.None);
        var deployment = workloads.Single(w => w.Status.Kind == "Deployment").Status;
        Assert.Equal((3, 2, 3, 2, 12), (deployment.Desired, deployment.Ready, deployment.Updated, deployment.Available, deployment.DeploymentRevision));
        Assert.False(deployment.CountersReady);
        var sts = workloads.Single(w => w.Status.Kind == "StatefulSet").Status;
        Assert.Equal((1, 0, 0, 0), (sts.Desired, sts.Ready, sts.Updated, sts.Available)); // status {} right after creation
        Assert.Null(sts.DeploymentRevision);

        var now = new DateTimeOffset(2024, 11, 18, 9, 4, 12, TimeSpan.Zero);
        var pod = Assert.Single(await reader.ListPodsAsync("videokit", "app.kubernetes.io/instance=videokit-api", now, CancellationToken.None));
        Assert.Equal(("Running", "2/2", 3, true, "n1"), (pod.Phase, pod.ReadyText, pod.Restarts, pod.IsReady, pod.Node));
        Assert.Equal(TimeSpan.FromSeconds(252), pod.Age);

        var status = ReleaseStatusService.Compose(
            new ReleaseRevision { Name = "videokit-api", Namespace = "videokit", Revision = 42, Status = "deployed", Chart = "videokit-0.1.0", GitCommit = "44f1639" },
            workloads,
            [pod],
            includePods: false);
        Assert.Equal("03d5aeb0", status.GitCommit); // the live pod template label wins over the stored manifest
        Assert.Equal(["api:1.0.0", "postgres:16"], status.Images.ToArray());
        Assert.Empty(status.Pods);
        Assert.Equal((1, 1), (status.PodsReady, status.PodsTotal));
        Assert.False(status.WorkloadsReady);
    }
}
