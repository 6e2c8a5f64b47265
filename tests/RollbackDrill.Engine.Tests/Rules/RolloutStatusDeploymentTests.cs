using System.Text.Json.Nodes;
using k8s.Models;
using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class RolloutStatusDeploymentTests
{
    // Ported from kubectl pkg/polymorphichelpers/rollout_status_test.go TestDeploymentStatusViewerStatus
    // (messages there end in "\n", which kubectl prints as the line end; ours carry the line without it).
    public static TheoryData<string, long, int, long, int, int, int, string, bool> KubectlCases => new()
    {
        { "test1", 0, 1, 1, 1, 0, 1, "Waiting for deployment \"foo\" rollout to finish: 0 out of 1 new replicas have been updated...", false },
        { "test2", 1, 1, 1, 2, 1, 2, "Waiting for deployment \"foo\" rollout to finish: 1 old replicas are pending termination...", false },
        { "test3", 1, 2, 1, 2, 2, 1, "Waiting for deployment \"foo\" rollout to finish: 1 of 2 updated replicas are available...", false },
        { "test4", 1, 2, 1, 2, 2, 2, "deployment \"foo\" successfully rolled out", true },
        { "test5", 2, 2, 1, 2, 2, 2, "Waiting for deployment spec update to be observed...", false },
    };

    [Theory]
    [MemberData(nameof(KubectlCases))]
    public void Kubectl_TestDeploymentStatusViewerStatus(string name, long generation, int specReplicas, long observedGeneration, int replicas, int updated, int available, string message, bool done)
    {
        var deployment = K8sObjects.Deployment(generation, specReplicas, new V1DeploymentStatus
        {
            ObservedGeneration = observedGeneration,
            Replicas = replicas,
            UpdatedReplicas = updated,
            AvailableReplicas = available,
            UnavailableReplicas = replicas - available,
        });

        var state = RolloutStatusRules.Deployment(deployment);

        Assert.True(message == state.Message, $"{name}: got '{state.Message}'");
        Assert.Equal(done, state.Done);
        Assert.False(state.Failed);
    }

    [Fact]
    public void ProgressDeadlineExceeded_IsAFailureNotAWait()
    {
        var deployment = K8sObjects.Deployment(3, 3, new V1DeploymentStatus
        {
            ObservedGeneration = 3,
            Replicas = 4,
            UpdatedReplicas = 1,
            AvailableReplicas = 3,
            Conditions =
            [
                new V1DeploymentCondition { Type = "Available", Status = "True", Reason = "MinimumReplicasAvailable" },
                new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded" },
            ],
        }, name: "videokit-api");

        var state = RolloutStatusRules.Deployment(deployment);

        Assert.True(state.Failed);
        Assert.False(state.Done);
        Assert.Equal("deployment \"videokit-api\" exceeded its progress deadline", state.Message);
        Assert.Equal(RolloutReason.ProgressDeadlineExceeded, state.Reason);
        Assert.Equal(new RolloutCounters(3, 4, 1, 0, 3), state.Counters);
    }

    [Fact]
    public void ProgressDeadlineExceeded_IsIgnoredWhileTheNewSpecIsNotObserved()
    {
        // kubectl only looks at conditions once generation <= observedGeneration: the condition may be stale.
        var deployment = K8sObjects.Deployment(4, 3, new V1DeploymentStatus
        {
            ObservedGeneration = 3,
            Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded" }],
        });

        var state = RolloutStatusRules.Deployment(deployment);

        Assert.False(state.Failed);
        Assert.Equal(RolloutReason.SpecNotObserved, state.Reason);
    }

    [Fact]
    public void ProgressingConditionWithOtherReason_IsAWait()
    {
        var deployment = K8sObjects.Deployment(1, 2, new V1DeploymentStatus
        {
            ObservedGeneration = 1,
            Replicas = 2,
            UpdatedReplicas = 2,
            AvailableReplicas = 2,
            Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "True", Reason = "NewReplicaSetAvailable" }],
        });

        Assert.True(RolloutStatusRules.Deployment(deployment).Ready);
    }

    [Fact]
    public void StatusEmptyRightAfterCreation_WaitsForTheSpecToBeObserved()
    {
        var json = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"shop","generation":1},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}},
             "status":{}}
            """)!;

        var state = RolloutStatusRules.ForObject(json);

        Assert.Equal("Waiting for deployment spec update to be observed...", state.Message);
        Assert.False(state.Done);
        Assert.Equal("shop", state.Namespace);
        Assert.Equal("web", state.Name);
    }

    [Fact]
    public void NoStatusAtAll_WaitsForTheSpecToBeObserved()
    {
        var state = RolloutStatusRules.Deployment(K8sObjects.Deployment(1, 3, null));

        Assert.Equal(RolloutReason.SpecNotObserved, state.Reason);
    }

    [Fact]
    public void OmittedZeroCounters_CountAsZero()
    {
        // The API omits zero counters: no updatedReplicas/availableReplicas keys rather than 0.
        var json = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","generation":2},
             "spec":{"replicas":3},
             "status":{"observedGeneration":2,"replicas":3}}
            """)!;

        var state = RolloutStatusRules.ForObject(json);

        Assert.Equal("Waiting for deployment \"web\" rollout to finish: 0 out of 3 new replicas have been updated...", state.Message);
        Assert.Equal(new RolloutCounters(3, 3, 0, 0, 0), state.Counters);
    }

    [Fact]
    public void ScaledToZero_IsRolledOutWithNoCounters()
    {
        var json = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"legacy","generation":5},
             "spec":{"replicas":0},"status":{"observedGeneration":5}}
            """)!;

        var state = RolloutStatusRules.ForObject(json);

        Assert.True(state.Ready);
        Assert.Equal("deployment \"legacy\" successfully rolled out", state.Message);
    }

    [Fact]
    public void ScaledToZero_WaitsWhileOldReplicasTerminate()
    {
        var deployment = K8sObjects.Deployment(5, 0, new V1DeploymentStatus { ObservedGeneration = 5, Replicas = 2 });

        var state = RolloutStatusRules.Deployment(deployment);

        Assert.Equal("Waiting for deployment \"foo\" rollout to finish: 2 old replicas are pending termination...", state.Message);
    }

    [Fact]
    public void ObservedGenerationBehindGeneration_WaitsEvenWhenCountersLookDone()
    {
        var deployment = K8sObjects.Deployment(7, 2, new V1DeploymentStatus { ObservedGeneration = 6, Replicas = 2, UpdatedReplicas = 2, AvailableReplicas = 2 });

        var state = RolloutStatusRules.Deployment(deployment);

        Assert.False(state.Done);
        Assert.Equal(RolloutReason.SpecNotObserved, state.Reason);
    }

    [Fact]
    public void NilSpecReplicas_SkipsTheUpdatedCheck()
    {
        // kubectl: the updated-vs-spec check only applies when spec.replicas is set.
        var deployment = K8sObjects.Deployment(1, null, new V1DeploymentStatus { ObservedGeneration = 1 });

        Assert.True(RolloutStatusRules.Deployment(deployment).Done);
    }

    [Fact]
    public void Revision_MustMatchTheRunningRevision()
    {
        var deployment = K8sObjects.Deployment(1, 1, new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 1, UpdatedReplicas = 1, AvailableReplicas = 1 });
        deployment.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "4" };

        var mismatch = RolloutStatusRules.Deployment(deployment, revision: 3);
        var match = RolloutStatusRules.Deployment(deployment, revision: 4);

        Assert.True(mismatch.Failed);
        Assert.Equal("desired revision (3) is different from the running revision (4)", mismatch.Message);
        Assert.Equal(RolloutReason.RevisionMismatch, mismatch.Reason);
        Assert.True(match.Ready);
    }

    [Fact]
    public void Revision_UnparsableAnnotationIsAnError()
    {
        var deployment = K8sObjects.Deployment(1, 1, new V1DeploymentStatus { ObservedGeneration = 1 });
        deployment.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "x1" };

        var state = RolloutStatusRules.Deployment(deployment, revision: 1);

        Assert.True(state.Failed);
        Assert.Equal("cannot get the revision of deployment \"foo\": strconv.ParseInt: parsing \"x1\": invalid syntax", state.Message);
    }
}
