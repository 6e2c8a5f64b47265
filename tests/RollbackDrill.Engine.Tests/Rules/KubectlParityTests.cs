using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

/// <summary>
/// Differential tests: the same object state is given to the real kubectl (through <see cref="FakeKubeApi"/>) and
/// to our rules, and the outputs must agree.
/// </summary>
public class KubectlParityTests
{
    private const string DeploymentPath = "/apis/apps/v1/namespaces/shop/deployments/web";

    [KubectlFact]
    public void RolloutStatus_Deployment_MessagesMatchKubectl()
    {
        using var api = new FakeKubeApi();
        var states = new[]
        {
            """{"metadata":{"generation":1},"spec":{"replicas":3},"status":{}}""",
            """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":1,"availableReplicas":3}}""",
            """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":3,"availableReplicas":3}}""",
            """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":1}}""",
            """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":3,"readyReplicas":3}}""",
            """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"availableReplicas":3,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}}""",
        };

        foreach (var partial in states)
        {
            var obj = Deployment(partial);
            api.Put(DeploymentPath, obj.ToJsonString());

            var (exit, stdout, stderr) = api.Run("rollout", "status", "deployment/web", "-n", "shop", "--watch=false");
            var ours = RolloutStatusRules.ForObject(obj);

            if (ours.Failed)
            {
                Assert.True(exit != 0, $"kubectl succeeded on {partial}: {stdout}");
                Assert.Equal("error: " + ours.Message, ErrorLine(stderr));
            }
            else
            {
                Assert.True(exit == 0, $"kubectl failed on {partial}: {stderr}");
                Assert.Equal(ours.Message, stdout.TrimEnd('\n'));
            }
        }
    }

    [KubectlFact]
    public void RolloutStatus_StatefulSetAndDaemonSet_MessagesMatchKubectl()
    {
        using var api = new FakeKubeApi();
        var cases = new (string Path, string Json)[]
        {
            ("/apis/apps/v1/namespaces/shop/statefulsets/db", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop","generation":1},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate"}},"status":{"observedGeneration":1,"replicas":3,"readyReplicas":2}}"""),
            ("/apis/apps/v1/namespaces/shop/statefulsets/db", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop","generation":1},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}}},"status":{"observedGeneration":1,"replicas":3,"readyReplicas":3,"updatedReplicas":1}}"""),
            ("/apis/apps/v1/namespaces/shop/statefulsets/db", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop","generation":1},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate"}},"status":{"observedGeneration":1,"replicas":3,"readyReplicas":3,"currentReplicas":3,"updatedReplicas":3,"currentRevision":"db-1","updateRevision":"db-1"}}"""),
            ("/apis/apps/v1/namespaces/shop/statefulsets/db", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop","generation":1},"spec":{"replicas":3,"updateStrategy":{"type":"OnDelete"}},"status":{"observedGeneration":1}}"""),
            ("/apis/apps/v1/namespaces/shop/daemonsets/agent", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"shop","generation":3},"spec":{"updateStrategy":{"type":"RollingUpdate"}},"status":{"observedGeneration":3,"desiredNumberScheduled":4,"updatedNumberScheduled":4,"numberAvailable":2,"currentNumberScheduled":4,"numberReady":2,"numberMisscheduled":0}}"""),
            ("/apis/apps/v1/namespaces/shop/daemonsets/agent", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"shop","generation":3},"spec":{"updateStrategy":{"type":"OnDelete"}},"status":{"observedGeneration":3,"desiredNumberScheduled":4,"currentNumberScheduled":4,"numberReady":4,"numberMisscheduled":0}}"""),
        };

        foreach (var (path, json) in cases)
        {
            api.Put(path, json);
            var resource = path.Split('/')[^2][..^1] + "/" + path.Split('/')[^1];

            var (exit, stdout, stderr) = api.Run("rollout", "status", resource, "-n", "shop", "--watch=false");
            var ours = RolloutStatusRules.ForObject(JsonNode.Parse(json)!);

            if (ours.Failed)
            {
                Assert.True(exit != 0, $"kubectl succeeded on {json}: {stdout}");
                Assert.Equal("error: " + ours.Message, ErrorLine(stderr));
            }
            else
            {
                Assert.True(exit == 0, $"kubectl failed on {json}: {stderr}");
                Assert.Equal(ours.Message, stdout.TrimEnd('\n'));
            }
        }
    }

    [KubectlFact]
    public void RolloutUndo_PatchMatchesTheOneKubectlSends()
    {
        using var api = new FakeKubeApi();
        var deployment = WebDeployment("web:3", paused: false);
        api.Put(DeploymentPath, KubernetesJson.Serialize(deployment));
        var replicaSets = new[] { WebReplicaSet("web-1a", "1", "web:1"), WebReplicaSet("web-2b", "2", "web:2"), WebReplicaSet("web-3c", "3", "web:3") };
        api.Put("/apis/apps/v1/namespaces/shop/replicasets", KubernetesJson.Serialize(new V1ReplicaSetList { ApiVersion = "apps/v1", Kind = "ReplicaSetList", Metadata = new V1ListMeta(), Items = replicaSets }));

        var (exit, stdout, stderr) = api.Run("rollout", "undo", "deployment/web", "-n", "shop");
        var ours = RolloutUndoRules.Plan(deployment, replicaSets);

        Assert.True(exit == 0, stderr);
        Assert.Equal("deployment.apps/web rolled back", stdout.Trim());
        Assert.Equal("rolled back", ours.Message);
        var write = Assert.Single(api.Writes);
        Assert.Equal("PATCH", write.Method);
        Assert.Equal(DeploymentPath, write.Path);
        Assert.Equal(RolloutUndoPlan.PatchContentType, write.ContentType.Split(';')[0]);
        Assert.True(JsonNode.DeepEquals(Normalize(JsonNode.Parse(write.Body)), Normalize(JsonNode.Parse(ours.PatchJson!))),
            $"kubectl sent {write.Body}\nwe build   {ours.PatchJson}");
    }

    [KubectlFact]
    public void RolloutUndo_RefusalsAndSkipsMatchKubectl()
    {
        using var api = new FakeKubeApi();
        var replicaSets = new[] { WebReplicaSet("web-1a", "1", "web:1"), WebReplicaSet("web-2b", "2", "web:2"), WebReplicaSet("web-3c", "3", "web:3") };
        api.Put("/apis/apps/v1/namespaces/shop/replicasets", KubernetesJson.Serialize(new V1ReplicaSetList { ApiVersion = "apps/v1", Kind = "ReplicaSetList", Metadata = new V1ListMeta(), Items = replicaSets }));

        foreach (var (deployment, args) in new (V1Deployment, string[])[]
        {
            (WebDeployment("web:3", paused: true), []),
            (WebDeployment("web:3", paused: false), ["--to-revision=9"]),
            (WebDeployment("web:2", paused: false), ["--to-revision=2"]),
        })
        {
            api.Put(DeploymentPath, KubernetesJson.Serialize(deployment));
            var toRevision = args.Length == 0 ? 0 : long.Parse(args[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);

            var (exit, stdout, stderr) = api.Run(["rollout", "undo", "deployment/web", "-n", "shop", .. args]);
            var ours = RolloutUndoRules.Plan(deployment, replicaSets, toRevision);

            if (ours.Outcome == RolloutUndoOutcome.Refused)
            {
                Assert.True(exit != 0, stdout);
                Assert.Equal("error: " + ours.Message, ErrorLine(stderr));
            }
            else
            {
                Assert.True(exit == 0, stderr);
                Assert.Equal("deployment.apps/web " + ours.Message, stdout.Trim());
            }
        }

        Assert.Empty(api.Writes);
    }

    // kubectl prints "error: ..." last; older versions may log reflector warnings before it.
    private static string ErrorLine(string stderr) =>
        stderr.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) ?? stderr;

    private static JsonObject Deployment(string partial)
    {
        var obj = JsonNode.Parse(partial)!.AsObject();
        obj["apiVersion"] = "apps/v1";
        obj["kind"] = "Deployment";
        obj["metadata"]!["name"] = "web";
        obj["metadata"]!["namespace"] = "shop";
        return obj;
    }

    private static V1Deployment WebDeployment(string image, bool paused) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "shop",
            Uid = "uid-web",
            Generation = 3,
            Annotations = new Dictionary<string, string>
            {
                ["deployment.kubernetes.io/revision"] = "3",
                ["team"] = "checkout",
            },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Paused = paused,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = K8sObjects.Template(image),
        },
        Status = new V1DeploymentStatus { ObservedGeneration = 3 },
    };

    private static V1ReplicaSet WebReplicaSet(string name, string revision, string image) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "shop",
            Uid = "uid-" + name,
            CreationTimestamp = new DateTime(2024, 11, 1, 0, 0, int.Parse(revision, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc),
            Labels = new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = name[4..] },
            Annotations = new Dictionary<string, string>
            {
                ["deployment.kubernetes.io/revision"] = revision,
                ["deployment.kubernetes.io/desired-replicas"] = "2",
                ["deployment.kubernetes.io/max-replicas"] = "3",
                ["change-cause"] = "release " + revision,
            },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "uid-web", Controller = true, BlockOwnerDeletion = true }],
        },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = revision == "3" ? 2 : 0,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = name[4..] } },
            Template = K8sObjects.Template(image, hash: name[4..]),
        },
    };

    // Go marshals zero values our serializer omits ("creationTimestamp":null, "resources":{}); drop null and empty
    // objects on both sides so the comparison is about meaning.
    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var result = new JsonObject();
                foreach (var (k, v) in o)
                {
                    var n = Normalize(v);
                    if (n is not null && !(n is JsonObject { Count: 0 } && k != "value"))
                    {
                        result[k] = n;
                    }
                }

                return result;
            }

            case JsonArray a:
                return new JsonArray([.. a.Select(Normalize)]);
            default:
                return node?.DeepClone();
        }
    }
}
