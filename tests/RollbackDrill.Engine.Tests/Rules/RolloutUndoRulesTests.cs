using System.Text.Json.Nodes;
using k8s.Models;
using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class RolloutUndoRulesTests
{
    private const string Uid = "d-uid-1";

    private static V1Deployment Web(string image, bool paused = false, IDictionary<string, string>? annotations = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "shop",
            Uid = Uid,
            Annotations = annotations ?? new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "3" },
        },
        Spec = new V1DeploymentSpec { Replicas = 3, Paused = paused, Selector = new V1LabelSelector(), Template = K8sObjects.Template(image) },
    };

    private static V1ReplicaSet Rs(string name, string? revision, string image, string ownerUid = Uid, IDictionary<string, string>? annotations = null)
    {
        var all = new Dictionary<string, string>(annotations ?? new Dictionary<string, string>());
        if (revision is not null)
        {
            all["deployment.kubernetes.io/revision"] = revision;
        }

        return new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "shop",
                Annotations = all,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = ownerUid, Controller = true }],
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, Selector = new V1LabelSelector(), Template = K8sObjects.Template(image, hash: name[(name.LastIndexOf('-') + 1)..]) },
        };
    }

    private static readonly V1ReplicaSet[] History =
    [
        Rs("web-aaa", "1", "web:1"),
        Rs("web-ccc", "3", "web:3"),
        Rs("web-bbb", "2", "web:2"),
    ];

    // Ported from kubectl rollback_test.go TestGetDeploymentPatch: a JSON patch replacing /spec/template and
    // /metadata/annotations (kubectl's bytes also carry Go's zero values such as "creationTimestamp":null, which the
    // API server ignores; we compare the patch's meaning).
    [Fact]
    public void Kubectl_TestGetDeploymentPatch()
    {
        var patch = RolloutUndoRules.BuildPatch(
            new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Image = "foo" }] } },
            new Dictionary<string, string> { ["a"] = "true" });

        var ops = JsonNode.Parse(patch)!.AsArray();
        Assert.Equal(2, ops.Count);
        Assert.Equal("replace", (string?)ops[0]!["op"]);
        Assert.Equal("/spec/template", (string?)ops[0]!["path"]);
        Assert.Equal("foo", (string?)ops[0]!["value"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("replace", (string?)ops[1]!["op"]);
        Assert.Equal("/metadata/annotations", (string?)ops[1]!["path"]);
        Assert.Equal("""{"a":"true"}""", ops[1]!["value"]!.ToJsonString());
    }

    [Fact]
    public void RevisionZero_PicksTheSecondHighestRevision()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3"), History);

        Assert.Equal(RolloutUndoOutcome.RollBack, plan.Outcome);
        Assert.Equal("rolled back", plan.Message);
        Assert.Equal(2, plan.TargetRevision);
        Assert.Equal("web-bbb", plan.TargetReplicaSet);
        Assert.Equal("web:2", plan.Template!.Spec.Containers[0].Image);
    }

    [Fact]
    public void ExplicitRevision_PicksThatReplicaSet()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3"), History, toRevision: 1);

        Assert.Equal("web-aaa", plan.TargetReplicaSet);
        Assert.Equal(1, plan.TargetRevision);
    }

    [Fact]
    public void MissingRevision_IsKubectlsError()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3"), History, toRevision: 7);

        Assert.Equal(RolloutUndoOutcome.Refused, plan.Outcome);
        Assert.Equal("unable to find specified revision 7 in history", plan.Message);
        Assert.Null(plan.PatchJson);
    }

    [Fact]
    public void NegativeRevision_IsNotFound()
    {
        Assert.Equal("unable to find specified revision -1 in history", RolloutUndoRules.Plan(Web("web:3"), History, -1).Message);
    }

    [Fact]
    public void SingleReplicaSet_HasNoRolloutHistory()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3"), [Rs("web-ccc", "3", "web:3")]);

        Assert.Equal(RolloutUndoOutcome.Refused, plan.Outcome);
        Assert.Equal("no rollout history found for deployment \"web\"", plan.Message);
    }

    [Fact]
    public void PausedDeployment_IsRefusedWithKubectlsText_ButTheTargetIsStillShown()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3", paused: true), History);

        Assert.Equal(RolloutUndoOutcome.Refused, plan.Outcome);
        Assert.True(plan.RefusedBecausePaused);
        Assert.Equal("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again", plan.Message);
        Assert.Null(plan.PatchJson);
        Assert.Equal(2, plan.TargetRevision); // kubectl --dry-run=client prints the template before the paused check.
    }

    [Fact]
    public void PausedDeployment_WithAMissingRevision_ReportsTheMissingRevisionFirst()
    {
        // kubectl resolves the revision before it checks spec.paused.
        Assert.Equal("unable to find specified revision 9 in history", RolloutUndoRules.Plan(Web("web:3", paused: true), History, 9).Message);
    }

    [Fact]
    public void TemplateAlreadyMatches_IsSkipped_IgnoringPodTemplateHash()
    {
        // Deployment template web:2 (no hash label) vs ReplicaSet template web:2 with pod-template-hash=bbb.
        var plan = RolloutUndoRules.Plan(Web("web:2"), History, toRevision: 2);

        Assert.Equal(RolloutUndoOutcome.Skipped, plan.Outcome);
        Assert.Equal("skipped rollback (current template already matches revision 2)", plan.Message);
        Assert.Null(plan.PatchJson);
    }

    [Fact]
    public void SkippedMessage_CarriesTheRequestedRevisionAsKubectlDoes()
    {
        // Current template equals the second-highest ReplicaSet's: kubectl prints the revision it was given (0).
        var plan = RolloutUndoRules.Plan(Web("web:2"), History);

        Assert.Equal("skipped rollback (current template already matches revision 0)", plan.Message);
        Assert.Equal(2, plan.TargetRevision);
    }

    [Fact]
    public void TemplateIsCopiedWithoutPodTemplateHash()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3"), History);

        Assert.False(plan.Template!.Metadata.Labels.ContainsKey("pod-template-hash"));
        Assert.Equal("web", plan.Template.Metadata.Labels["app"]);
        var patch = JsonNode.Parse(plan.PatchJson!)!.AsArray();
        var labels = patch[0]!["value"]!["metadata"]!["labels"]!.AsObject();
        Assert.False(labels.ContainsKey("pod-template-hash"));
        Assert.Equal("web:2", (string?)patch[0]!["value"]!["spec"]!["containers"]![0]!["image"]);
        // The input ReplicaSet is not modified.
        Assert.Equal("bbb", History[2].Spec.Template.Metadata.Labels["pod-template-hash"]);
    }

    [Fact]
    public void Annotations_SkipListedFromTheDeployment_OthersFromTheReplicaSet()
    {
        var deployment = Web("web:3", annotations: new Dictionary<string, string>
        {
            ["deployment.kubernetes.io/revision"] = "3",
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"applied\":true}",
            ["team"] = "checkout",           // not on the ReplicaSet: dropped, as kubectl replaces the map
            ["change-cause"] = "release 3",
        });
        var target = Rs("web-bbb", "2", "web:2", annotations: new Dictionary<string, string>
        {
            ["deployment.kubernetes.io/desired-replicas"] = "3",
            ["deployment.kubernetes.io/max-replicas"] = "4",
            ["deployment.kubernetes.io/revision-history"] = "1",
            ["change-cause"] = "release 2",
        });

        var plan = RolloutUndoRules.Plan(deployment, [History[0], History[1], target]);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["change-cause"] = "release 2",
                ["deployment.kubernetes.io/revision"] = "3",
                ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"applied\":true}",
            },
            plan.Annotations);
        var annotations = JsonNode.Parse(plan.PatchJson!)![1]!["value"]!.AsObject();
        Assert.Equal(["change-cause", "deployment.kubernetes.io/revision", "kubectl.kubernetes.io/last-applied-configuration"], annotations.Select(p => p.Key));
    }

    [Fact]
    public void AnnotationsToSkip_IsKubectlsList()
    {
        Assert.Equal(
            [
                "deployment.kubernetes.io/desired-replicas",
                "deployment.kubernetes.io/max-replicas",
                "deployment.kubernetes.io/revision",
                "deployment.kubernetes.io/revision-history",
                "deprecated.deployment.rollback.to",
                "kubectl.kubernetes.io/last-applied-configuration",
            ],
            RolloutUndoRules.AnnotationsToSkip.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReplicaSetsControlledByAnotherDeployment_AreIgnored()
    {
        var foreign = Rs("web-zzz", "9", "evil:9", ownerUid: "someone-else");

        var plan = RolloutUndoRules.Plan(Web("web:3"), [.. History, foreign]);

        Assert.Equal(2, plan.TargetRevision);
        Assert.Equal("unable to find specified revision 9 in history", RolloutUndoRules.Plan(Web("web:3"), [.. History, foreign], 9).Message);
    }

    [Fact]
    public void UnparsableRevisionAnnotations_AreIgnored_MissingOnesCountAsZero()
    {
        var plan = RolloutUndoRules.Plan(Web("web:3"), [Rs("web-ccc", "3", "web:3"), Rs("web-xxx", "abc", "web:x"), Rs("web-nnn", null, "web:0")]);

        Assert.Equal("web-nnn", plan.TargetReplicaSet);
        Assert.Equal(0, plan.TargetRevision);
    }

    [Fact]
    public void EqualIgnoreHash_TreatsNilAndEmptyAlike_ButSeesRealDifferences()
    {
        var a = K8sObjects.Template("web:1", hash: "x");
        var b = K8sObjects.Template("web:1");
        b.Spec.Volumes = [];
        b.Metadata.Annotations = new Dictionary<string, string>();

        Assert.True(PodTemplateComparer.EqualIgnoreHash(a, b));
        b.Spec.Containers[0].Args = ["--debug"];
        Assert.False(PodTemplateComparer.EqualIgnoreHash(a, b));
    }
}
