using System.Net;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Tests.Workloads;
using Xunit;
using W = RollbackDrill.Engine.Tests.Workloads.Workloads;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>The Kubernetes readiness probe: kubectl's rollout verdicts on one read per check, through the workload port.</summary>
[Collection(TimingTests.Name)]
public sealed class KubernetesProbeTests
{
    private static RecoveryProbe Probe(string release = W.Release, TimeSpan? timeout = null) =>
        ProbeBuilder.Kubernetes(null, release, "videokit", "sandbox", null, timeout);

    private static RolloutState State(int replicas, int updated, int available, string? progressReason = null) =>
        RolloutStatusRules.ForObject(W.Deployment("api", replicas, updated, available, progressReason: progressReason));

    [Fact]
    public void VerdictPassesOnlyWhenEveryWorkloadIsRolledOut()
    {
        var pass = ReleaseReadinessCheck.Verdict([State(3, 3, 3), State(2, 2, 2)], "r", "ns");
        Assert.True(pass.Passed);
        Assert.Equal("2/2 rolled out", pass.Status);

        var waiting = ReleaseReadinessCheck.Verdict([State(3, 3, 3), State(3, 3, 1)], "r", "ns");
        Assert.False(waiting.Passed);
        Assert.Equal("1/2 rolled out", waiting.Status);
        // kubectl rollout status's own line for the waiting Deployment.
        Assert.Equal("deployment/api: Waiting for deployment \"api\" rollout to finish: 1 of 3 updated replicas are available...", waiting.Error);

        var failed = ReleaseReadinessCheck.Verdict([State(3, 3, 1), State(3, 1, 1, "ProgressDeadlineExceeded")], "r", "ns");
        Assert.Contains("exceeded its progress deadline", failed.Error, StringComparison.Ordinal);
        Assert.False(failed.Permanent);

        var none = ReleaseReadinessCheck.Verdict([], "videokit-ap", "videokit");
        Assert.False(none.Passed);
        Assert.Equal("no Deployment, StatefulSet or DaemonSet is labelled app.kubernetes.io/instance=videokit-ap in namespace videokit", none.Error);
    }

    [Fact]
    public async Task ReadsTheReleasesWorkloadsByItsInstanceLabelOnly()
    {
        var api = new FakeWorkloadApi();
        api.Put("Deployment", W.Deployment("api", 3, 3, 3));
        api.Put("Deployment", W.Deployment("other", 1, 0, 0, release: "someone-else"));
        var check = new ProbeCheckFactory(new NoHttp(), new ReleaseRollouts(api)).Create(Probe());

        var outcome = await check.CheckAsync(CancellationToken.None);

        Assert.True(outcome.Passed, outcome.Error);
        Assert.Equal("1/1 rolled out", outcome.Status);
        Assert.Equal(3, api.ListCalls); // one list per kind: Deployment, StatefulSet, DaemonSet
    }

    [Fact]
    public async Task ForbiddenIsAPermanentFailureAndAnOutageIsNot()
    {
        var api = new FakeWorkloadApi { FailNextList = FakeWorkloadApi.Http(HttpStatusCode.Forbidden) };
        var check = new ProbeCheckFactory(new NoHttp(), new ReleaseRollouts(api)).Create(Probe());
        var forbidden = await check.CheckAsync(CancellationToken.None);
        Assert.False(forbidden.Passed);
        Assert.True(forbidden.Permanent);

        api.FailNextList = FakeWorkloadApi.Http(HttpStatusCode.ServiceUnavailable);
        var down = await check.CheckAsync(CancellationToken.None);
        Assert.False(down.Passed);
        Assert.False(down.Permanent);
    }

    [Fact]
    public async Task RecoveryIsTimedFromTheReadAfterTheWorkloadsRollOut()
    {
        var api = new FakeWorkloadApi();
        api.Put("Deployment", W.Deployment("api", 3, 1, 0));
        var service = new RecoveryMeasurementService(new ProbeCheckFactory(new NoHttp(), new ReleaseRollouts(api)), TimeProvider.System);
        var t0 = DateTimeOffset.UtcNow;
        DateTimeOffset? readyAt = null;
        var flip = Task.Run(async () =>
        {
            await Task.Delay(700);
            readyAt = DateTimeOffset.UtcNow;
            api.Put("Deployment", W.Deployment("api", 3, 3, 3));
        });

        var m = await service.MeasureAsync(
            new RecoveryRequest { Name = "rollback", Probes = [Probe()], Since = t0, Objective = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(10) },
            null,
            CancellationToken.None);
        await flip;

        Assert.Equal(RecoveryOutcome.Recovered, m.Outcome);
        var p = Assert.Single(m.Probes);
        Assert.Equal(ProbeKind.KubernetesReadiness, p.Kind);
        Assert.Equal("release videokit-api in namespace videokit @ sandbox", p.Target);
        Assert.True(p.LastFailedAt < readyAt, "the last failed check read the old state");
        Assert.True(p.FirstHealthyAt >= readyAt, "the first passing check read after the rollout");
        Assert.True((m.RecoveredAt!.Value - readyAt!.Value).Duration() <= m.Resolution + TimeSpan.FromMilliseconds(20));
        Assert.Equal(p.Checks * 3, api.ListCalls);
        Assert.Contains(m.Samples, s => s.Error is { } e && e.Contains("1 out of 3 new replicas have been updated", StringComparison.Ordinal));
    }

    [Fact]
    public void KubernetesProbesNeedACluster_AndAReleaseAndNamespace()
    {
        var error = Assert.Throws<DrillException>(() => new ProbeCheckFactory(new NoHttp()).Create(Probe()));
        Assert.Equal(ErrorIds.InvalidProbe, error.ErrorId);
        Assert.Contains("cluster connection", error.Message, StringComparison.Ordinal);

        var noRelease = Assert.Throws<DrillException>(() => ProbeCheckFactory.Validate(Probe(release: " ")));
        Assert.Contains("release name", noRelease.Message, StringComparison.Ordinal);
        Assert.Throws<DrillException>(() => ProbeCheckFactory.Validate(ProbeBuilder.Kubernetes("k", "api", "", null, null, null)));
    }

    private sealed class NoHttp : IHttpProbeClient
    {
        public Task<HttpProbeResponse> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a Kubernetes probe sends no HTTP probe request");
    }
}
