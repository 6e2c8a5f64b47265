using System.Text.Json.Nodes;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;
using Xunit;
using static RollbackDrill.Engine.Tests.Workloads.Workloads;

namespace RollbackDrill.Engine.Tests.Workloads;

public sealed class UndoServiceTests
{
    private static readonly WorkloadRef Api = new(WorkloadKinds.Deployment, "videokit", "api");

    private static FakeWorkloadApi Cluster(bool paused = false)
    {
        var api = new FakeWorkloadApi();
        var d = Deployment("api", 3, 3, 3);
        d.Spec.Paused = paused;
        d.Spec.Template = Template("api", "registry/videokit:1.0.1");
        api.Put(WorkloadKinds.Deployment, d);
        api.ReplicaSets.Add(ReplicaSet(d, 4, "registry/videokit:1.0.0", "aaa111"));
        api.ReplicaSets.Add(ReplicaSet(d, 5, "registry/videokit:1.0.1", "bbb222"));
        return api;
    }

    [Fact]
    public async Task PlansThePreviousRevisionAndShowsTheImageChangeWithoutWriting()
    {
        var api = Cluster();
        var preview = await new UndoService(api).PlanAsync(Api, 0, CancellationToken.None);
        Assert.Equal(RolloutUndoOutcome.RollBack, preview.Plan.Outcome);
        Assert.Equal(5, preview.CurrentRevision);
        Assert.Equal(4, preview.Plan.TargetRevision);
        Assert.Equal("api-aaa111", preview.Plan.TargetReplicaSet);
        Assert.Equal(["template.spec.containers[name=api].image: registry/videokit:1.0.1 -> registry/videokit:1.0.0"], preview.Changes);
        Assert.Equal("app=api", api.LastReplicaSetSelector);
        Assert.Empty(api.Writes);
        Assert.Contains("from revision 5 to revision 4", UndoService.Describe(preview));
    }

    [Fact]
    public async Task ApplySendsKubectlsPatchOnce()
    {
        var api = Cluster();
        var service = new UndoService(api);
        var preview = await service.PlanAsync(Api, 4, CancellationToken.None);
        var issued = await service.ApplyAsync(preview, CancellationToken.None);
        Assert.NotNull(issued);
        var write = Assert.Single(api.Writes);
        var patch = JsonNode.Parse(write["patch api ".Length..])!.AsArray();
        Assert.Equal("/spec/template", patch[0]!["path"]!.ToString());
        Assert.Equal("registry/videokit:1.0.0", patch[0]!["value"]!["spec"]!["containers"]![0]!["image"]!.ToString());
        Assert.Null(patch[0]!["value"]!["metadata"]!["labels"]!["pod-template-hash"]);
        Assert.Equal("/metadata/annotations", patch[1]!["path"]!.ToString());
    }

    [Fact]
    public async Task TemplateAlreadyMatchingIsSkippedAndNothingIsSent()
    {
        var api = Cluster();
        var service = new UndoService(api);
        var preview = await service.PlanAsync(Api, 5, CancellationToken.None);
        Assert.Equal(RolloutUndoOutcome.Skipped, preview.Plan.Outcome);
        Assert.Equal("skipped rollback (current template already matches revision 5)", preview.Plan.Message);
        Assert.Null(await service.ApplyAsync(preview, CancellationToken.None));
        Assert.Empty(api.Writes);
    }

    [Fact]
    public async Task PausedDeploymentIsRefusedWithKubectlsText()
    {
        var api = Cluster(paused: true);
        var ex = await Assert.ThrowsAsync<DrillException>(() => new UndoService(api).PlanAsync(Api, 0, CancellationToken.None));
        Assert.Equal(ErrorIds.RolloutUndoRefused, ex.ErrorId);
        Assert.Contains("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again", ex.Message);
        Assert.Empty(api.Writes);
    }

    [Fact]
    public async Task UnknownRevisionIsRefused()
    {
        var ex = await Assert.ThrowsAsync<DrillException>(() => new UndoService(Cluster()).PlanAsync(Api, 9, CancellationToken.None));
        Assert.Contains("unable to find specified revision 9 in history", ex.Message);
        Assert.Equal(DrillErrorKind.ObjectNotFound, ex.Kind);
    }

    [Fact]
    public void LabelSelectorsBecomeTheApiQuery()
    {
        var selector = new k8s.Models.V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
            MatchExpressions =
            [
                new k8s.Models.V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["web", "api"] },
                new k8s.Models.V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "DoesNotExist" },
            ],
        };
        Assert.Equal("a=1,b=2,tier in (api,web),!canary", LabelSelectors.ToQuery(selector));
    }
}
