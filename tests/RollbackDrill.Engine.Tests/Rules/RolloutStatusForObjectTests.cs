using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class RolloutStatusForObjectTests
{
    [Theory]
    [InlineData("apps/v1", "Deployment", "deployment \"x\" successfully rolled out")]
    [InlineData("extensions/v1beta1", "Deployment", "deployment \"x\" successfully rolled out")]
    [InlineData("apps/v1", "DaemonSet", "daemon set \"x\" successfully rolled out")]
    [InlineData("extensions/v1beta1", "DaemonSet", "daemon set \"x\" successfully rolled out")]
    [InlineData("apps/v1", "StatefulSet", "statefulset rolling update complete 0 pods at revision ...")]
    public void DispatchesLikeKubectlStatusViewerFor(string apiVersion, string kind, string message)
    {
        var json = $$$"""
            {"apiVersion":"{{{apiVersion}}}","kind":"{{{kind}}}","metadata":{"name":"x","generation":1},
             "spec":{"replicas":0,"updateStrategy":{"type":"RollingUpdate"}},"status":{"observedGeneration":1}}
            """;

        Assert.Equal(message, RolloutStatusRules.ForObject(JsonNode.Parse(json)!).Message);
        Assert.Equal(message, RolloutStatusRules.ForObject(json).Message);
        Assert.Equal(message, RolloutStatusRules.ForObject(JsonDocument.Parse(json).RootElement).Message);
    }

    [Fact]
    public void UnknownKind_IsKubectlsNoStatusViewerError()
    {
        var state = RolloutStatusRules.ForObject(JsonNode.Parse("""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"}}""")!);

        Assert.True(state.Failed);
        Assert.Equal("no status viewer has been implemented for Job.batch", state.Message);
        Assert.Equal(RolloutReason.UnsupportedKind, state.Reason);
    }

    [Fact]
    public void StatefulSetOfTheExtensionsGroup_IsNotKnownToKubectl()
    {
        var state = RolloutStatusRules.ForObject(JsonNode.Parse("""{"apiVersion":"extensions/v1beta1","kind":"StatefulSet","metadata":{"name":"s"}}""")!);

        Assert.Equal("no status viewer has been implemented for StatefulSet.extensions", state.Message);
    }

    [Fact]
    public void TypedObjects_AreDispatchedByType()
    {
        var deployment = K8sObjects.Deployment(1, 1, new V1DeploymentStatus { ObservedGeneration = 1 });

        Assert.Equal("Deployment", RolloutStatusRules.ForObject(deployment).Kind);
        Assert.Equal(RolloutReason.UnsupportedKind, RolloutStatusRules.ForObject(new V1Pod { ApiVersion = "v1", Kind = "Pod" }).Reason);
    }
}
