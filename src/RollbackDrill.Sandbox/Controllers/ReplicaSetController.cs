using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>
/// The replicaset controller (pkg/controller/replicaset): keeps spec.replicas pods named &lt;rs&gt;-&lt;5 chars&gt;
/// and writes replicas / fullyLabeledReplicas / readyReplicas / availableReplicas / observedGeneration.
/// </summary>
internal sealed class ReplicaSetController(ResourceStore store)
{
    public void Sync()
    {
        var sets = store.List("replicasets", null);
        if (sets.Count == 0)
        {
            return;
        }

        var pods = store.List("pods", null);
        var now = DateTimeOffset.UtcNow;
        foreach (var rs in sets)
        {
            try
            {
                SyncOne(rs, pods, now);
            }
            catch (ApiException)
            {
                // Next pass.
            }
        }
    }

    private void SyncOne(JsonObject rs, IReadOnlyList<JsonObject> allPods, DateTimeOffset now)
    {
        var ns = J.Ns(rs);
        var uid = J.Uid(rs);
        var spec = rs["spec"] as JsonObject ?? [];
        var replicas = J.L(spec["replicas"], 1);
        var active = allPods.Where(p => J.Ns(p) == ns && J.ControllerUid(p) == uid && PodUtil.IsActive(p)).ToList();
        var diff = active.Count - replicas;
        if (diff < 0)
        {
            for (var i = 0; i < -diff; i++)
            {
                active.Add(store.Create("pods", ns, PodUtil.FromTemplate(rs, ResourceTypes.ReplicaSets, J.Name(rs) + "-")));
            }
        }
        else if (diff > 0)
        {
            // controller.ActivePods ranking: unscheduled < scheduled, pending < running, not ready < ready,
            // then the most recently created first.
            var victims = active
                .OrderBy(p => J.S(p["spec"]?["nodeName"]) is null ? 0 : 1)
                .ThenBy(p => J.S(p["status"]?["phase"]) == "Running" ? 1 : 0)
                .ThenBy(p => PodUtil.IsReady(p) ? 1 : 0)
                .ThenByDescending(p => J.S(p["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
                .Take((int)diff).ToList();
            foreach (var v in victims)
            {
                store.Delete("pods", ns, J.Name(v));
                active.Remove(v);
            }
        }

        var templateLabels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        var minReady = J.L(spec["minReadySeconds"]);
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = active.Count(p => PodUtil.HasLabels(p, templateLabels)),
            ["readyReplicas"] = active.Count(PodUtil.IsReady),
            ["availableReplicas"] = active.Count(p => PodUtil.IsAvailable(p, minReady, now)),
            ["observedGeneration"] = J.L(rs["metadata"]?["generation"]),
        };

        // ReplicaSetStatus: replicas is always written; the other counters are omitempty.
        J.OmitZero(status, "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration");
        if (!JsonNode.DeepEquals(rs["status"], status))
        {
            rs["status"] = status;
            store.UpdateStatus("replicasets", ns, rs);
        }
    }
}
