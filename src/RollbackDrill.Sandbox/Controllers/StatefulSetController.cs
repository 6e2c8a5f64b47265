using System.Globalization;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>
/// The statefulset controller (pkg/controller/statefulset): pods &lt;sts&gt;-&lt;ordinal&gt; created in order, one
/// at a time while earlier ones are not Ready (OrderedReady), RollingUpdate from the highest ordinal down to
/// the partition one pod at a time, OnDelete, ControllerRevisions, and its status fields.
/// </summary>
internal sealed class StatefulSetController(ResourceStore store)
{
    public const string RevisionLabel = "controller-revision-hash";

    public void Sync()
    {
        var sets = store.List("statefulsets", null);
        if (sets.Count == 0)
        {
            return;
        }

        var pods = store.List("pods", null);
        var now = DateTimeOffset.UtcNow;
        foreach (var sts in sets)
        {
            try
            {
                SyncOne(sts, pods, now);
            }
            catch (ApiException)
            {
                // Next pass.
            }
        }
    }

    private void SyncOne(JsonObject sts, IReadOnlyList<JsonObject> allPods, DateTimeOffset now)
    {
        var ns = J.Ns(sts);
        var name = J.Name(sts);
        var spec = (JsonObject)sts["spec"]!;
        var replicas = J.L(spec["replicas"], 1);
        var revisions = Revisions.Owned(store, sts);
        var update = Revisions.Ensure(store, sts, ResourceTypes.StatefulSets, revisions, out var changed);
        if (changed || update is null)
        {
            return;
        }

        var status = sts["status"] as JsonObject ?? [];
        var updateRevision = J.Name(update);
        var currentRevision = J.S(status["currentRevision"]) ?? updateRevision;
        var current = revisions.FirstOrDefault(r => J.Name(r) == currentRevision) ?? update;
        var pods = allPods.Where(p => J.Ns(p) == ns && J.ControllerUid(p) == J.Uid(sts) && PodUtil.IsActive(p))
            .ToDictionary(p => Ordinal(p, name));
        var ordered = J.S(spec["podManagementPolicy"]) != "Parallel";
        var strategy = J.S(spec["updateStrategy"]?["type"]) ?? "RollingUpdate";
        var partition = strategy == "RollingUpdate" ? J.L(spec["updateStrategy"]?["rollingUpdate"]?["partition"]) : 0;
        var minReady = J.L(spec["minReadySeconds"]);
        var acted = false;

        // Create missing pods (in order; with OrderedReady only when every earlier pod is Running and Ready).
        for (var ord = 0L; ord < replicas && !acted; ord++)
        {
            if (pods.ContainsKey(ord))
            {
                if (ordered && !PodUtil.IsReady(pods[ord]))
                {
                    break;
                }

                continue;
            }

            var revision = strategy == "RollingUpdate" && ord < partition ? current : update;
            var pod = NewPod(sts, revision, ord);
            pods[ord] = store.Create("pods", ns, pod);
            acted = ordered;
        }

        // Scale down from the highest ordinal.
        if (!acted)
        {
            foreach (var ord in pods.Keys.Where(o => o >= replicas).OrderByDescending(o => o).ToList())
            {
                if (ordered && pods.Where(kv => kv.Key < replicas).Any(kv => !PodUtil.IsReady(kv.Value)))
                {
                    break;
                }

                store.Delete("pods", ns, J.Name(pods[ord]));
                pods.Remove(ord);
                acted = ordered;
                if (acted)
                {
                    break;
                }
            }
        }

        // RollingUpdate: replace the highest-ordinal pod not at the update revision, when all are Ready.
        if (!acted && strategy == "RollingUpdate" && pods.Count == replicas && pods.Values.All(PodUtil.IsReady))
        {
            var stale = pods.Where(kv => kv.Key >= partition && J.S(J.Labels(kv.Value)?[RevisionLabel]) != updateRevision)
                .OrderByDescending(kv => kv.Key).Select(kv => kv.Value).FirstOrDefault();
            if (stale is not null)
            {
                store.Delete("pods", ns, J.Name(stale));
                pods.Remove(Ordinal(stale, name));
            }
        }

        var live = pods.Values.ToList();
        var newStatus = new JsonObject
        {
            ["observedGeneration"] = J.L(sts["metadata"]?["generation"]),
            ["replicas"] = live.Count,
            ["readyReplicas"] = live.Count(PodUtil.IsReady),
            ["currentReplicas"] = live.Count(p => J.S(J.Labels(p)?[RevisionLabel]) == currentRevision),
            ["updatedReplicas"] = live.Count(p => J.S(J.Labels(p)?[RevisionLabel]) == updateRevision),
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = live.Count(p => PodUtil.IsAvailable(p, minReady, now)),
        };

        // stateful_set_control completeRollingUpdate: when every pod is updated and ready, current = update.
        if (strategy == "RollingUpdate" && J.L(newStatus["updatedReplicas"]) == live.Count && J.L(newStatus["readyReplicas"]) == live.Count && live.Count == replicas)
        {
            newStatus["currentRevision"] = updateRevision;
            newStatus["currentReplicas"] = newStatus["updatedReplicas"]!.DeepClone();
        }

        // StatefulSetStatus: replicas and availableReplicas are always written; the rest are omitempty.
        J.OmitZero(newStatus, "observedGeneration", "readyReplicas", "currentReplicas", "updatedReplicas");
        if (!JsonNode.DeepEquals(sts["status"], newStatus))
        {
            sts["status"] = newStatus;
            store.UpdateStatus("statefulsets", ns, sts);
        }

        Revisions.Truncate(store, sts, revisions, new HashSet<string>(StringComparer.Ordinal) { J.S(newStatus["currentRevision"])!, updateRevision });
    }

    private static long Ordinal(JsonObject pod, string setName)
    {
        var n = J.Name(pod);
        return n.StartsWith(setName + "-", StringComparison.Ordinal) &&
               long.TryParse(n[(setName.Length + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : -1;
    }

    private static JsonObject NewPod(JsonObject sts, JsonObject revision, long ordinal)
    {
        var podName = J.Name(sts) + "-" + ordinal.ToString(CultureInfo.InvariantCulture);
        var owner = (JsonObject)sts.DeepClone();
        owner["spec"]!["template"] = Revisions.Template(revision) ?? owner["spec"]!["template"]!.DeepClone();
        var pod = PodUtil.FromTemplate(owner, ResourceTypes.StatefulSets, "", podName);
        var labels = J.Obj(J.Obj(pod, "metadata"), "labels");
        labels[RevisionLabel] = J.Name(revision);
        labels["statefulset.kubernetes.io/pod-name"] = podName;
        labels["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture);
        var podSpec = J.Obj(pod, "spec");
        podSpec["hostname"] = podName;
        if (J.S(sts["spec"]?["serviceName"]) is { Length: > 0 } svc)
        {
            podSpec["subdomain"] = svc;
        }

        return pod;
    }
}
