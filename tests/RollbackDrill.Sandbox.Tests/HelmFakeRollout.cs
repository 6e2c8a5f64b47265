using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>For Helm/Health tests that run without the sandbox controllers: completes a Deployment's rollout
/// the way the deployment controller would leave it (new ReplicaSet owned and ready, status counters, Ready pods).</summary>
internal static class HelmFakeRollout
{
    public static void Complete(ResourceStore store, string ns, string name)
    {
        var dep = store.Get("deployments", ns, name)!;
        var replicas = dep["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var gen = dep["metadata"]!["generation"]!.GetValue<long>();
        var template = dep["spec"]!["template"]!.DeepClone().AsObject();
        var rsName = name + "-new" + gen;
        var labels = (JsonObject)(template["metadata"]!["labels"]!.DeepClone());
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = rsName,
                ["namespace"] = ns,
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name, ["uid"] = dep["metadata"]!["uid"]!.DeepClone(), ["controller"] = true }),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = new JsonObject { ["matchLabels"] = dep["spec"]!["selector"]!["matchLabels"]!.DeepClone() }, ["template"] = template },
        };
        if (store.Get("replicasets", ns, rsName) is null)
        {
            store.Create("replicasets", ns, rs);
        }

        var created = store.Get("replicasets", ns, rsName)!;
        created["status"] = new JsonObject { ["replicas"] = replicas, ["readyReplicas"] = replicas, ["availableReplicas"] = replicas, ["observedGeneration"] = created["metadata"]!["generation"]!.DeepClone() };
        store.UpdateStatus("replicasets", ns, created);
        foreach (var pod in store.List("pods", ns))
        {
            store.Delete("pods", ns, pod["metadata"]!["name"]!.GetValue<string>());
        }

        for (var i = 0; i < replicas; i++)
        {
            store.Create("pods", ns, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject { ["name"] = $"{rsName}-{i}", ["namespace"] = ns, ["labels"] = labels.DeepClone() },
                ["spec"] = new JsonObject { ["containers"] = template["spec"]!["containers"]!.DeepClone() },
            });
            var pod = store.Get("pods", ns, $"{rsName}-{i}")!;
            pod["status"] = new JsonObject { ["phase"] = "Running", ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) };
            store.UpdateStatus("pods", ns, pod);
        }

        dep = store.Get("deployments", ns, name)!;
        var status = new JsonObject { ["observedGeneration"] = gen };
        if (replicas > 0)
        {
            status["replicas"] = replicas;
            status["updatedReplicas"] = replicas;
            status["readyReplicas"] = replicas;
            status["availableReplicas"] = replicas;
        }

        dep["status"] = status;
        store.UpdateStatus("deployments", ns, dep);
    }
}
