using k8s.Models;
using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class RolloutStatusDaemonSetTests
{
    // Ported from kubectl rollout_status_test.go TestDaemonSetStatusViewerStatus.
    public static TheoryData<string, long, long, int, int, int, string, bool> KubectlCases => new()
    {
        { "test1", 0, 1, 0, 1, 0, "Waiting for daemon set \"foo\" rollout to finish: 0 out of 1 new pods have been updated...", false },
        { "test2", 1, 1, 2, 2, 1, "Waiting for daemon set \"foo\" rollout to finish: 1 of 2 updated pods are available...", false },
        { "test3", 1, 1, 2, 2, 2, "daemon set \"foo\" successfully rolled out", true },
        { "test4", 2, 1, 2, 2, 2, "Waiting for daemon set spec update to be observed...", false },
    };

    [Theory]
    [MemberData(nameof(KubectlCases))]
    public void Kubectl_TestDaemonSetStatusViewerStatus(string name, long generation, long observed, int updated, int desired, int available, string message, bool done)
    {
        var ds = K8sObjects.DaemonSet(generation, "RollingUpdate", new V1DaemonSetStatus
        {
            ObservedGeneration = observed,
            UpdatedNumberScheduled = updated,
            DesiredNumberScheduled = desired,
            NumberAvailable = available,
        });

        var state = RolloutStatusRules.DaemonSet(ds);

        Assert.True(message == state.Message, $"{name}: got '{state.Message}'");
        Assert.Equal(done, state.Done);
        Assert.False(state.Failed);
    }

    // Ported from kubectl rollout_status_test.go TestDaemonSetStatusViewerStatusWithWrongUpdateStrategyType.
    [Fact]
    public void Kubectl_OnDeleteStrategyIsAnError()
    {
        var ds = K8sObjects.DaemonSet(0, "OnDelete", null);

        var state = RolloutStatusRules.DaemonSet(ds);

        Assert.True(state.Failed);
        Assert.Equal("rollout status is only available for RollingUpdate strategy type", state.Message);
    }

    [Fact]
    public void NoNodesToScheduleOn_IsRolledOut()
    {
        var ds = K8sObjects.DaemonSet(1, "RollingUpdate", new V1DaemonSetStatus { ObservedGeneration = 1 });

        Assert.True(RolloutStatusRules.DaemonSet(ds).Ready);
    }
}
