using Xunit;
using System.Diagnostics;
using RollbackDrill.Engine.Workloads;
using static RollbackDrill.Engine.Tests.Workloads.Workloads;

namespace RollbackDrill.Engine.Tests.Workloads;

public sealed class ReadinessWaiterTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReleaseBecomesReadyWhenEveryLabelledWorkloadRollsOut()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 1, 0));
        api.Put(WorkloadKinds.Deployment, Deployment("worker", 2, 2, 2));
        api.Put(WorkloadKinds.Deployment, Deployment("other", 1, 0, 0, release: "someone-else"));
        var progress = new SyncProgress();
        var waiter = new ReadinessWaiter(api);

        var wait = waiter.WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, progress, CancellationToken.None);
        await Eventually(() => progress.Items.Any(p => p.Name == "api"));
        Assert.False(wait.IsCompleted);
        var flippedAt = DateTimeOffset.UtcNow;
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 3, 3));
        var result = await wait;

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["api", "worker"], result.Workloads.Select(w => w.Name));
        var api1 = result.Workloads[0];
        Assert.True(api1.Ready);
        Assert.Equal("Complete", api1.Reason);
        Assert.Equal("deployment \"api\" successfully rolled out", api1.Message);
        Assert.Equal(3, api1.AvailableReplicas);
        Assert.InRange(api1.ReadyAt!.Value, flippedAt, flippedAt.AddSeconds(2));
        Assert.True(result.Workloads[1].ReadyAt < api1.ReadyAt, "worker was ready from the first list");
        Assert.Equal(api1.ReadyAt, result.ReadyAt);
        Assert.True(result.StartedAt <= result.ReadyAt && result.ReadyAt <= result.CompletedAt);
        // Progress showed kubectl's waiting message with the counters.
        Assert.Contains(progress.Items, p => p.Name == "api" && p.Message == "Waiting for deployment \"api\" rollout to finish: 1 out of 3 new replicas have been updated...");
        Assert.Equal(3, api.ListCalls); // one list per kind, no polling
    }

    [Fact]
    public async Task ProgressDeadlineExceededFailsAtOnceNotAtTheDeadline()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 1, 0));
        api.Put(WorkloadKinds.Deployment, Deployment("worker", 2, 1, 0));
        var waiter = new ReadinessWaiter(api);
        var sw = Stopwatch.StartNew();
        var wait = waiter.WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, null, CancellationToken.None);
        await Task.Delay(100);
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 1, 0, progressReason: "ProgressDeadlineExceeded"));
        var result = await wait;

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        Assert.False(result.Succeeded);
        Assert.False(result.TimedOut);
        var api1 = Assert.Single(result.Workloads, w => w.Name == "api");
        Assert.True(api1.Failed);
        Assert.Equal("ProgressDeadlineExceeded", api1.Reason);
        Assert.Contains("deployment \"api\" exceeded its progress deadline", result.Message);
        Assert.Contains("1/3 updated, 0 ready, 0 available", result.Message);
    }

    [Fact]
    public async Task DeadlinePassesFirstNamesTheWorkloadAndItsCounters()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 3, 2));
        var result = await new ReadinessWaiter(api).WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", TimeSpan.FromMilliseconds(1500), null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.TimedOut);
        var w = Assert.Single(result.Workloads);
        Assert.Equal("Timeout", w.Reason);
        Assert.True(w.Failed);
        Assert.Contains("Timed out after 1.5s", result.Message);
        Assert.Contains("Waiting for deployment \"api\" rollout to finish: 2 of 3 updated replicas are available...", result.Message);
        Assert.Contains("3/3 updated, 2 ready, 2 available", result.Message);
    }

    [Fact]
    public async Task ReadyMomentDuringADroppedWatchIsSeenWhenTheWatchResumes()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 1, 0));
        var progress = new SyncProgress();
        var wait = new ReadinessWaiter(api) { RetryDelay = TimeSpan.FromMilliseconds(300) }
            .WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, progress, CancellationToken.None);
        await Eventually(() => api.WatchCalls >= 3);
        api.DropWatches();
        // While the client backs off, the workload becomes ready and then something else changes it again.
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 3, 3));
        var result = await wait;

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.WatchReconnects >= 1);
        Assert.Equal(3, api.ListCalls); // resumed from the resourceVersion: no relist needed
    }

    [Fact]
    public async Task GoneOnResumeRelistsAndFindsTheCurrentState()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 1, 0));
        var wait = new ReadinessWaiter(api) { RetryDelay = TimeSpan.FromMilliseconds(200) }
            .WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, null, CancellationToken.None);
        await Eventually(() => api.WatchCalls >= 3);
        api.ExpireNextWatch = true;
        api.DropWatches();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 3, 3));
        var result = await wait;

        Assert.True(result.Succeeded, result.Message);
        Assert.True(api.ListCalls >= 4, "a 410 must be followed by a fresh list");
    }

    [Fact]
    public async Task TransientListFailuresAreRetried()
    {
        var api = new FakeWorkloadApi { FailNextLists = 2 };
        api.Put(WorkloadKinds.Deployment, Deployment("api", 1, 1, 1));
        var result = await new ReadinessWaiter(api) { RetryDelay = TimeSpan.FromMilliseconds(10) }
            .WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task ForbiddenListIsAnErrorNotAWait()
    {
        var api = new FakeWorkloadApi { FailNextList = FakeWorkloadApi.Http(System.Net.HttpStatusCode.Forbidden) };
        var ex = await Assert.ThrowsAsync<DrillException>(() => new ReadinessWaiter(api)
            .WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, null, CancellationToken.None));
        Assert.Equal(ErrorIds.PermissionDenied, ex.ErrorId);
        Assert.Contains("list", ex.Message);
    }

    [Fact]
    public async Task NamedWorkloadThatDoesNotExistFailsWithKubectlsNotFound()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 1, 1, 1));
        var result = await new ReadinessWaiter(api).WaitAsync(
            ReadinessTarget.ForWorkloads("videokit", [new WorkloadRef(WorkloadKinds.Deployment, "videokit", "api"), new WorkloadRef(WorkloadKinds.StatefulSet, "videokit", "db")]),
            "sandbox", Long, null, CancellationToken.None);
        Assert.False(result.Succeeded);
        var db = Assert.Single(result.Workloads, w => w.Name == "db");
        Assert.Equal("NotFound", db.Reason);
        Assert.Equal("statefulsets.apps \"db\" not found", db.Message);
    }

    [Fact]
    public async Task ReleaseWithoutWorkloadsIsNotReportedReady()
    {
        var api = new FakeWorkloadApi();
        var result = await new ReadinessWaiter(api).WaitAsync(ReadinessTarget.ForRelease("typo", "videokit"), "sandbox", Long, null, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Workloads);
        Assert.Contains("app.kubernetes.io/instance=typo", result.Message);
    }

    [Fact]
    public async Task CancellationReturnsAPartialResultQuickly()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 1, 0));
        using var cts = new CancellationTokenSource();
        var wait = new ReadinessWaiter(api).WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, null, cts.Token);
        await Task.Delay(200);
        var sw = Stopwatch.StartNew();
        await cts.CancelAsync();
        var result = await wait;
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"took {sw.Elapsed}");
        Assert.True(result.Cancelled);
        Assert.False(result.Succeeded);
        Assert.Equal("Stopped", Assert.Single(result.Workloads).Reason);
        Assert.Contains("Stopped after", result.Message);
    }

    [Fact]
    public async Task GenerationNotYetObservedIsNotReady()
    {
        // Right after a spec change the old status still looks complete: kubectl waits for observedGeneration.
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 3, 3, generation: 3, observed: 2));
        var wait = new ReadinessWaiter(api).WaitAsync(ReadinessTarget.ForRelease(Release, "videokit"), "sandbox", Long, null, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(wait.IsCompleted);
        api.Put(WorkloadKinds.Deployment, Deployment("api", 3, 3, 3, generation: 3, observed: 3));
        Assert.True((await wait).Succeeded);
    }

    [Fact]
    public void DurationsAreFormattedAsGoDoes()
    {
        Assert.Equal("5m0s", ReadinessWaiter.Format(TimeSpan.FromMinutes(5)));
        Assert.Equal("1m30s", ReadinessWaiter.Format(TimeSpan.FromSeconds(90)));
        Assert.Equal("1h0m0s", ReadinessWaiter.Format(TimeSpan.FromHours(1)));
        Assert.Equal("2.5s", ReadinessWaiter.Format(TimeSpan.FromMilliseconds(2500)));
        Assert.Equal("300ms", ReadinessWaiter.Format(TimeSpan.FromMilliseconds(300)));
    }

    internal static async Task Eventually(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), "condition not reached");
            await Task.Delay(10);
        }
    }

    internal sealed class SyncProgress : IProgress<RollbackDrill.WorkloadReadiness>
    {
        private readonly List<RollbackDrill.WorkloadReadiness> items = [];

        public IReadOnlyList<RollbackDrill.WorkloadReadiness> Items
        {
            get
            {
                lock (items)
                {
                    return items.ToList();
                }
            }
        }

        public void Report(RollbackDrill.WorkloadReadiness value)
        {
            lock (items)
            {
                items.Add(value);
            }
        }
    }
}
