using System.Globalization;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>
/// The daemonset controller (pkg/controller/daemon) over the simulated nodes: one pod per node,
/// RollingUpdate bounded by maxUnavailable (rounded up), OnDelete, ControllerRevisions, and its status.
/// </summary>
internal sealed class DaemonSetController(ResourceStore store, SandboxOptions options)
{
    public void Sync()
    {
        var sets = store.List("daemonsets", null);
        if (sets.Count == 0)
        {
            return;
        }

        var pods = store.List("pods", null);
        var now = DateTimeOffset.UtcNow;
        foreach (var ds in sets)
        {
            try
            {
                SyncOne(ds, pods, now);
            }
            catch (ApiException)
            {
                // Next pass.
            }
        }
    }

    private void SyncOne(JsonObject ds, IReadOnlyList<JsonObject> allPods, DateTimeOffset now)
    {
        var ns = J.Ns(ds);
        var spec = (JsonObject)ds["spec"]!;
        var revisions = Revisions.Owned(store, ds);
        var update = Revisions.Ensure(store, ds, ResourceTypes.DaemonSets, revisions, out var changed);
        if (changed || update is null)
        {
            return;
        }

        var updateHash = J.S(J.Labels(update)?[Revisions.HashLabel]) ?? J.Name(update);
        var nodes = Enumerable.Range(0, Math.Max(0, options.NodeCount)).Select(KubeletSimulator.NodeName).ToList();
        var owned = allPods.Where(p => J.Ns(p) == ns && J.ControllerUid(p) == J.Uid(ds) && PodUtil.IsActive(p)).ToList();
        var byNode = nodes.ToDictionary(n => n, n => owned.Where(p => J.S(p["spec"]?["nodeName"]) == n).ToList());
        var minReady = J.L(spec["minReadySeconds"]);
        var generation = J.L(ds["metadata"]?["generation"]);
        bool IsUpdated(JsonObject p) => J.S(J.Labels(p)?[StatefulSetController.RevisionLabel]) == updateHash;

        foreach (var node in nodes.Where(n => byNode[n].Count == 0))
        {
            var pod = PodUtil.FromTemplate(ds, ResourceTypes.DaemonSets, J.Name(ds) + "-");
            var labels = J.Obj(J.Obj(pod, "metadata"), "labels");
            labels[StatefulSetController.RevisionLabel] = updateHash;
            labels["pod-template-generation"] = generation.ToString(CultureInfo.InvariantCulture);
            J.Obj(pod, "spec")["nodeName"] = node;
            byNode[node].Add(store.Create("pods", ns, pod));
        }

        if ((J.S(spec["updateStrategy"]?["type"]) ?? "RollingUpdate") == "RollingUpdate")
        {
            // rolling_update.go: old pods that are unavailable go first; available ones only within maxUnavailable.
            var desired = nodes.Count;
            var maxUnavailable = Math.Max(1, J.ScaledValue(spec["updateStrategy"]?["rollingUpdate"]?["maxUnavailable"], desired, roundUp: true, 1));
            var unavailable = nodes.Count(n => !byNode[n].Any(p => PodUtil.IsAvailable(p, minReady, now)));
            foreach (var node in nodes)
            {
                foreach (var old in byNode[node].Where(p => !IsUpdated(p)).ToList())
                {
                    if (!PodUtil.IsAvailable(old, minReady, now))
                    {
                        store.Delete("pods", ns, J.Name(old));
                        byNode[node].Remove(old);
                    }
                    else if (unavailable < maxUnavailable)
                    {
                        store.Delete("pods", ns, J.Name(old));
                        byNode[node].Remove(old);
                        unavailable++;
                    }
                }
            }
        }

        var scheduled = nodes.Where(n => byNode[n].Count > 0).ToList();
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = scheduled.Count,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = nodes.Count,
            ["numberReady"] = nodes.Count(n => byNode[n].Any(PodUtil.IsReady)),
            ["observedGeneration"] = generation,
            ["updatedNumberScheduled"] = nodes.Count(n => byNode[n].Any(IsUpdated)),
            ["numberAvailable"] = nodes.Count(n => byNode[n].Any(p => PodUtil.IsAvailable(p, minReady, now))),
        };
        status["numberUnavailable"] = nodes.Count - J.L(status["numberAvailable"]);

        // DaemonSetStatus: the first four are always written; the rest are omitempty.
        J.OmitZero(status, "observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable");
        if (!JsonNode.DeepEquals(ds["status"], status))
        {
            ds["status"] = status;
            store.UpdateStatus("daemonsets", ns, ds);
        }

        Revisions.Truncate(store, ds, revisions, new HashSet<string>(StringComparer.Ordinal) { J.Name(update) });
    }
}
