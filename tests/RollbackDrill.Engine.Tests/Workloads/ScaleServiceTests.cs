using RollbackDrill.Engine.Workloads;
using Xunit;
using static RollbackDrill.Engine.Tests.Workloads.Workloads;

namespace RollbackDrill.Engine.Tests.Workloads;

public sealed class ScaleServiceTests
{
    private static readonly WorkloadRef Vllm = new(WorkloadKinds.Deployment, "videokit", "vllm");

    [Fact]
    public async Task ScalesThroughTheScaleSubresourceWithThePrecondition()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("vllm", 2, 2, 2));
        var outcome = await new ScaleService(api).ScaleAsync(Vllm, 0, 2, CancellationToken.None);
        Assert.True(outcome.Changed);
        Assert.Equal(2, outcome.PreviousReplicas);
        Assert.Equal(0, outcome.Replicas);
        Assert.Equal(["scale Deployment/vllm 0"], api.Writes);
    }

    [Fact]
    public async Task PreconditionMismatchWritesNothingAndSaysWhatKubectlSays()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("vllm", 3, 3, 3));
        var ex = await Assert.ThrowsAsync<DrillException>(() => new ScaleService(api).ScaleAsync(Vllm, 0, 2, CancellationToken.None));
        Assert.Equal(ErrorIds.ScalePreconditionFailed, ex.ErrorId);
        Assert.StartsWith("Expected replicas to be 2, was 3", ex.Message);
        Assert.Equal(Vllm, ex.Target);
        Assert.Empty(api.Writes);
    }

    [Fact]
    public async Task ConflictRereadsAndRechecksThePrecondition()
    {
        var api = new FakeWorkloadApi { ConflictsOnNextScale = 2 };
        api.Put(WorkloadKinds.Deployment, Deployment("vllm", 2, 2, 2));
        var outcome = await new ScaleService(api).ScaleAsync(Vllm, 0, 2, CancellationToken.None);
        Assert.True(outcome.Changed);
        Assert.Equal(["scale Deployment/vllm 0"], api.Writes);
    }

    [Fact]
    public async Task ConflictsBeyondTheLimitAreResourceBusy()
    {
        var api = new FakeWorkloadApi { ConflictsOnNextScale = 10 };
        api.Put(WorkloadKinds.Deployment, Deployment("vllm", 2, 2, 2));
        var ex = await Assert.ThrowsAsync<DrillException>(() => new ScaleService(api) { MaxConflictRetries = 2 }.ScaleAsync(Vllm, 0, null, CancellationToken.None));
        Assert.Equal(ErrorIds.ResourceBusy, ex.ErrorId);
        Assert.Empty(api.Writes);
    }

    [Fact]
    public async Task AlreadyAtTheCountWritesNothing()
    {
        var api = new FakeWorkloadApi();
        api.Put(WorkloadKinds.Deployment, Deployment("vllm", 3, 3, 3));
        var outcome = await new ScaleService(api).ScaleAsync(Vllm, 3, null, CancellationToken.None);
        Assert.False(outcome.Changed);
        Assert.Empty(api.Writes);
    }

    [Fact]
    public async Task DaemonSetsAndMissingWorkloadsAreRefused()
    {
        var api = new FakeWorkloadApi();
        var ds = await Assert.ThrowsAsync<DrillException>(() => new ScaleService(api).ScaleAsync(new WorkloadRef(WorkloadKinds.DaemonSet, "videokit", "agent"), 1, null, CancellationToken.None));
        Assert.Equal(ErrorIds.WorkloadNotScalable, ds.ErrorId);
        var missing = await Assert.ThrowsAsync<DrillException>(() => new ScaleService(api).ScaleAsync(Vllm, 1, null, CancellationToken.None));
        Assert.Equal(ErrorIds.ResourceNotFound, missing.ErrorId);
        Assert.Contains("deployments.apps/scale 'vllm'", missing.Message);
    }

    [Theory]
    [InlineData("deploy", "Deployment")]
    [InlineData("Deployments.apps", "Deployment")]
    [InlineData("sts", "StatefulSet")]
    [InlineData("daemonset", "DaemonSet")]
    [InlineData("pod", null)]
    public void KindsAreNormalisedAsKubectlAcceptsThem(string text, string? kind) => Assert.Equal(kind, WorkloadKinds.Normalize(text));
}
