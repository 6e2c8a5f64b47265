using System.Text.Json.Nodes;
using k8s.Models;
using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class RolloutStatusStatefulSetTests
{
    private static V1StatefulSetUpdateStrategy Rolling(int? partition = null) => new()
    {
        Type = "RollingUpdate",
        RollingUpdate = partition is null ? null : new V1RollingUpdateStatefulSetStrategy { Partition = partition },
    };

    // Ported from kubectl rollout_status_test.go TestStatefulSetStatusViewerStatus.
    [Fact]
    public void Kubectl_OnDeleteReturnsAnError()
    {
        var sts = K8sObjects.StatefulSet(1, new V1StatefulSetUpdateStrategy { Type = "OnDelete" },
            new V1StatefulSetStatus { ObservedGeneration = 1, Replicas = 0, ReadyReplicas = 1, CurrentReplicas = 0, UpdatedReplicas = 0 });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.True(state.Failed);
        Assert.True(state.Done);
        Assert.Equal("rollout status is only available for RollingUpdate strategy type", state.Message);
        Assert.Equal(RolloutReason.UnsupportedStrategy, state.Reason);
    }

    [Fact]
    public void Kubectl_UnobservedUpdateIsNotComplete()
    {
        var sts = K8sObjects.StatefulSet(2, Rolling(),
            new V1StatefulSetStatus { ObservedGeneration = 1, Replicas = 3, ReadyReplicas = 3, CurrentReplicas = 3, UpdatedReplicas = 0 });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.Equal("Waiting for statefulset spec update to be observed...", state.Message);
        Assert.False(state.Done);
    }

    [Fact]
    public void Kubectl_IfAllPodsAreNotReadyTheUpdateIsNotComplete()
    {
        var sts = K8sObjects.StatefulSet(1, Rolling(),
            new V1StatefulSetStatus { ObservedGeneration = 2, Replicas = 3, ReadyReplicas = 2, CurrentReplicas = 3, UpdatedReplicas = 0 });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.Equal("Waiting for 1 pods to be ready...", state.Message);
        Assert.False(state.Done);
    }

    [Fact]
    public void Kubectl_PartitionUpdateCompletesWhenAllReplicasAboveThePartitionAreUpdated()
    {
        var sts = K8sObjects.StatefulSet(1, Rolling(partition: 2),
            new V1StatefulSetStatus { ObservedGeneration = 2, Replicas = 3, ReadyReplicas = 3, CurrentReplicas = 2, UpdatedReplicas = 1 });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.Equal("partitioned roll out complete: 1 new pods have been updated...", state.Message);
        Assert.True(state.Ready);
    }

    [Fact]
    public void Kubectl_PartitionUpdateIsInProgressIfAllPodsAboveThePartitionHaveNotBeenUpdated()
    {
        var sts = K8sObjects.StatefulSet(1, Rolling(partition: 2),
            new V1StatefulSetStatus { ObservedGeneration = 2, Replicas = 3, ReadyReplicas = 3, CurrentReplicas = 3, UpdatedReplicas = 0 });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.Equal("Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...", state.Message);
        // kubectl returns done=false here (its test table says true but only checks "done && !want").
        Assert.False(state.Done);
        Assert.Equal(RolloutReason.PartitionedRolloutInProgress, state.Reason);
    }

    [Fact]
    public void Kubectl_UpdateCompletesWhenAllReplicasAreCurrent()
    {
        var sts = K8sObjects.StatefulSet(1, Rolling(),
            new V1StatefulSetStatus { ObservedGeneration = 2, Replicas = 3, ReadyReplicas = 3, CurrentReplicas = 3, UpdatedReplicas = 3, CurrentRevision = "foo", UpdateRevision = "foo" });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.Equal("statefulset rolling update complete 3 pods at revision foo...", state.Message);
        Assert.True(state.Ready);
    }

    [Fact]
    public void RollingUpdateInProgress_WhileUpdateRevisionDiffersFromCurrentRevision()
    {
        var sts = K8sObjects.StatefulSet(3, Rolling(),
            new V1StatefulSetStatus { ObservedGeneration = 3, Replicas = 3, ReadyReplicas = 3, CurrentReplicas = 2, UpdatedReplicas = 1, CurrentRevision = "db-7c9", UpdateRevision = "db-5f4" });

        var state = RolloutStatusRules.StatefulSet(sts);

        Assert.Equal("waiting for statefulset rolling update to complete 1 pods at revision db-5f4...", state.Message);
        Assert.Equal(RolloutReason.RollingUpdateInProgress, state.Reason);
    }

    [Fact]
    public void StatusEmptyRightAfterCreation_ObservedGenerationZeroWaits()
    {
        // kubectl: observedGeneration == 0 always means "not observed", even when generation is 0 too.
        var json = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},
             "spec":{"replicas":1,"updateStrategy":{"type":"RollingUpdate"}},"status":{"replicas":0}}
            """)!;

        var state = RolloutStatusRules.ForObject(json);

        Assert.Equal("Waiting for statefulset spec update to be observed...", state.Message);
    }

    [Fact]
    public void MissingStrategyType_IsUnsupportedAsKubectlReadsIt()
    {
        var sts = K8sObjects.StatefulSet(1, new V1StatefulSetUpdateStrategy(), new V1StatefulSetStatus { ObservedGeneration = 1 });

        Assert.Equal(RolloutReason.UnsupportedStrategy, RolloutStatusRules.StatefulSet(sts).Reason);
    }
}
