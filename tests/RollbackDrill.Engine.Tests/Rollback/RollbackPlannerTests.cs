using RollbackDrill.Engine.Rollback;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Tests.Rollback;

public sealed class RollbackPlannerTests
{
    private static async Task<RollbackPlan> PlanAsync(VideokitSandbox sandbox, string name, int? revision = null, bool toLast = false, HelmMajor major = HelmMajor.V3)
    {
        using var factory = VideokitSandbox.Factory();
        var cluster = factory.For(sandbox.Connection, HelmStorageDriver.Secret);
        var result = await new RollbackPlanner(cluster.Releases).PlanAsync(new RollbackPlanRequest
        {
            Name = name,
            Namespace = "videokit",
            Connection = cluster.Connection,
            Revision = revision,
            ToLastDeployed = toLast,
            HelmMajor = major,
        }, CancellationToken.None);
        Assert.Null(result.Error);
        return result.Value!;
    }

    [Fact]
    public async Task Videokit_plans_42_to_41_and_18_to_17_with_diff_workloads_and_command()
    {
        await using var sandbox = await VideokitSandbox.StartAsync();
        var api = await PlanAsync(sandbox, "videokit-api");
        var worker = await PlanAsync(sandbox, "videokit-worker");

        Assert.True(api.WillRun);
        Assert.Equal((42, 41, 43), (api.CurrentRevision!.Value, api.TargetRevision!.Value, api.NewRevision!.Value));
        Assert.Equal((18, 17, 19), (worker.CurrentRevision!.Value, worker.TargetRevision!.Value, worker.NewRevision!.Value));
        Assert.Equal("PreviousRevision", api.TargetReason);
        Assert.Equal("deployed", api.CurrentStatus);
        Assert.Equal("superseded", api.TargetStatus);
        Assert.Contains(api.Workloads, w => w.Kind == "Deployment" && w.Name == "videokit-api");
        Assert.Contains(api.ImagesBefore, i => i.Contains("03d5aeb0", StringComparison.Ordinal));
        Assert.Contains(api.ImagesAfter, i => i.Contains("44f1639", StringComparison.Ordinal));
        var deployment = Assert.Single(api.Changes, c => c.Kind == "Deployment" && c.Name == "videokit-api");
        Assert.Equal("Changed", deployment.Change);
        Assert.Contains(deployment.Fields, f => f.Contains("image", StringComparison.Ordinal) && f.Contains("03d5aeb0 → ", StringComparison.Ordinal) && f.EndsWith("44f1639", StringComparison.Ordinal));
        Assert.Equal(["rollback", "videokit-api", "41", "--namespace=videokit", "--kube-context=sandbox", "--kubeconfig=" + sandbox.Kubeconfig, "--timeout=5m0s"], api.HelmArguments);
        Assert.StartsWith("helm rollback videokit-api 41 --namespace=videokit --kube-context=sandbox", api.HelmCommand, StringComparison.Ordinal);
        Assert.Empty(api.Warnings);
        Assert.False(api.Locked);
    }

    [Fact]
    public async Task Plan_never_carries_helm_config_values()
    {
        await using var sandbox = await VideokitSandbox.StartAsync();
        var plan = await PlanAsync(sandbox, "videokit-api");
        var text = string.Join("\n", plan.Changes.SelectMany(c => c.Fields.Append(c.ToString())))
            + string.Join("\n", plan.Warnings) + plan.HelmCommand + string.Join(" ", plan.ImagesAfter);
        Assert.DoesNotContain("do-not-print", text, StringComparison.Ordinal);
        Assert.Null(typeof(RollbackPlan).GetProperty("Values"));
    }

    [Fact]
    public async Task Explicit_revision_to_last_deployed_and_helm4_command()
    {
        await using var sandbox = await VideokitSandbox.StartAsync(t => t.Replace(
            "- {revision: 41, gitCommit: 44f1639}", "- {revision: 41, gitCommit: 44f1639, status: failed}", StringComparison.Ordinal));
        var byDefault = await PlanAsync(sandbox, "videokit-api");
        Assert.Equal(41, byDefault.TargetRevision);
        Assert.Contains(byDefault.Warnings, w => w.Contains("failed", StringComparison.Ordinal) && w.Contains("-ToLastDeployed", StringComparison.Ordinal));

        var lastGood = await PlanAsync(sandbox, "videokit-api", toLast: true);
        Assert.Equal(40, lastGood.TargetRevision);
        Assert.Equal("LastDeployed", lastGood.TargetReason);

        var explicitPlan = await PlanAsync(sandbox, "videokit-api", revision: 30, major: HelmMajor.V4);
        Assert.Equal(30, explicitPlan.TargetRevision);
        Assert.Equal(4, explicitPlan.HelmMajorVersion);
        Assert.Equal("Explicit", explicitPlan.TargetReason);

        var current = await PlanAsync(sandbox, "videokit-api", revision: 42);
        Assert.False(current.WillRun);
        Assert.Equal("TargetIsCurrent", current.SkipReason);
        Assert.Empty(current.HelmArguments);

        var pruned = await PlanAsync(sandbox, "videokit-api", revision: 99);
        Assert.Equal("TargetNotInHistory", pruned.SkipReason);
        Assert.Contains("release has no 99 version", pruned.SkipMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_newest_revision_is_reported_as_helms_lock_with_its_age()
    {
        await using var sandbox = await VideokitSandbox.StartAsync(t => t.Replace(
            "- {revision: 42, gitCommit: 03d5aeb0}", "- {revision: 42, gitCommit: 03d5aeb0, status: pending-upgrade}", StringComparison.Ordinal));
        var plan = await PlanAsync(sandbox, "videokit-api");
        Assert.True(plan.WillRun);
        Assert.True(plan.Locked);
        Assert.True(plan.RequiresConfirmation);
        Assert.NotNull(plan.LockAge);
        Assert.True(plan.LockAge > TimeSpan.FromDays(30), $"age {plan.LockAge}");
        Assert.Contains("another operation (install/upgrade/rollback) is in progress", plan.LockMessage, StringComparison.Ordinal);
        Assert.Contains(plan.Warnings, w => w.Contains("pending-upgrade", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_release_is_an_error()
    {
        await using var sandbox = await VideokitSandbox.StartAsync();
        using var factory = VideokitSandbox.Factory();
        var cluster = factory.For(sandbox.Connection, HelmStorageDriver.Secret);
        var result = await new RollbackPlanner(cluster.Releases).PlanAsync(new RollbackPlanRequest
        {
            Name = "nope",
            Namespace = "videokit",
            Connection = cluster.Connection,
        }, CancellationToken.None);
        Assert.Equal(ErrorIds.ReleaseNotFound, result.Error?.ErrorId);
    }
}
