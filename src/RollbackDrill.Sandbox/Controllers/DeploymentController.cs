using System.Globalization;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>
/// The deployment controller (pkg/controller/deployment): Deployment → ReplicaSets named
/// &lt;deployment&gt;-&lt;pod-template-hash&gt;, revision annotations, RollingUpdate / Recreate, paused,
/// revisionHistoryLimit cleanup, status and the Available / Progressing conditions.
/// </summary>
internal sealed class DeploymentController(ResourceStore store)
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";

    // deployment util annotationsToSkip: not copied from the Deployment to its ReplicaSets.
    private static readonly HashSet<string> AnnotationsToSkip =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to",
    ];

    public void Sync()
    {
        var deployments = store.List("deployments", null);
        if (deployments.Count == 0)
        {
            return;
        }

        var allRs = store.List("replicasets", null);
        foreach (var d in deployments)
        {
            try
            {
                SyncOne(d, allRs.Where(r => J.Ns(r) == J.Ns(d)).ToList());
            }
            catch (ApiException)
            {
                // Conflict with a concurrent writer or a deleted object: the next pass starts from fresh state.
            }
        }
    }

    private void SyncOne(JsonObject d, List<JsonObject> rsInNs)
    {
        var ns = J.Ns(d);
        var spec = (JsonObject)d["spec"]!;
        var selector = LabelSelector.FromJson(spec["selector"] as JsonObject);
        if (selector is null || selector.IsEmpty || d["metadata"]?["deletionTimestamp"] is not null)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var replicas = J.L(spec["replicas"], 1);
        var uid = J.Uid(d);

        // ReplicaSet adoption (ClaimReplicaSets): orphans whose labels match the selector are adopted.
        foreach (var orphan in rsInNs.Where(r => J.ControllerUid(r) is null && selector.MatchesObject(r)).ToList())
        {
            orphan["metadata"]!["ownerReferences"] = J.OwnerRef(d, ResourceTypes.Deployments);
            store.Update("replicasets", ns, orphan);
            return;
        }

        var owned = rsInNs.Where(r => J.ControllerUid(r) == uid)
            .OrderBy(r => J.S(r["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
            .ThenBy(J.Name, StringComparer.Ordinal).ToList();
        var newRs = owned.FirstOrDefault(r => J.EqualIgnoreHash(r["spec"]?["template"], spec["template"]));
        var oldRss = owned.Where(r => !ReferenceEquals(r, newRs)).ToList();
        var status = d["status"] as JsonObject ?? [];
        var paused = J.B(spec["paused"]);

        if (paused)
        {
            // sync(): no new ReplicaSet, scale only; status without the progress deadline check.
            if (CheckPausedConditions(d, status, now))
            {
                return;
            }

            if (newRs is not null && SyncRevision(d, newRs, oldRss))
            {
                return;
            }

            if (newRs is not null && oldRss.All(r => J.L(r["spec"]?["replicas"]) == 0) && J.L(newRs["spec"]?["replicas"]) != replicas)
            {
                ScaleReplicaSet(newRs, replicas, d);
                return;
            }

            CleanupDeployment(d, oldRss);
            WriteStatus(d, CalculateStatus(owned, newRs, d, status, now));
            return;
        }

        if (CheckPausedConditions(d, status, now))
        {
            return;
        }

        var strategy = J.S(spec["strategy"]?["type"]) ?? "RollingUpdate";
        if (strategy == "Recreate")
        {
            // recreate.go: scale old ReplicaSets to zero, wait for their pods to be gone, then scale up the new one.
            var scaledDown = false;
            foreach (var rs in oldRss.Where(r => J.L(r["spec"]?["replicas"]) != 0))
            {
                ScaleReplicaSet(rs, 0, d);
                scaledDown = true;
            }

            if (scaledDown)
            {
                return;
            }

            if (oldRss.Any(r => J.L(r["status"]?["replicas"]) > 0))
            {
                WriteStatus(d, CalculateStatus(owned, newRs, d, status, now));
                return;
            }
        }

        if (newRs is null)
        {
            var initial = strategy == "Recreate"
                ? replicas
                : DeploymentMath.NewRSNewReplicas(replicas, DeploymentMath.MaxSurge(d), owned.Sum(r => J.L(r["spec"]?["replicas"])), 0);
            CreateNewReplicaSet(d, oldRss, initial, status, now);
            return;
        }

        if (SyncRevision(d, newRs, oldRss) || FoundNewReplicaSetCondition(d, newRs, status, now))
        {
            return;
        }

        var newReplicas = J.L(newRs["spec"]?["replicas"]);
        if (strategy == "Recreate")
        {
            if (newReplicas != replicas)
            {
                ScaleReplicaSet(newRs, replicas, d);
                return;
            }
        }
        else
        {
            // rolling.go reconcileNewReplicaSet.
            var target = newReplicas > replicas
                ? replicas
                : DeploymentMath.NewRSNewReplicas(replicas, DeploymentMath.MaxSurge(d), owned.Sum(r => J.L(r["spec"]?["replicas"])), newReplicas);
            if (target != newReplicas)
            {
                ScaleReplicaSet(newRs, target, d);
                return;
            }

            if (ReconcileOldReplicaSets(d, owned, oldRss, newRs, replicas))
            {
                return;
            }
        }

        if (DeploymentMath.Complete(replicas, J.L(d["metadata"]?["generation"]), status))
        {
            CleanupDeployment(d, oldRss);
        }

        SyncRolloutStatus(d, owned, newRs, status, now);
    }

    // rolling.go reconcileOldReplicaSets + cleanupUnhealthyReplicas + scaleDownOldReplicaSetsForRollingUpdate.
    private bool ReconcileOldReplicaSets(JsonObject d, List<JsonObject> all, List<JsonObject> oldRss, JsonObject newRs, long replicas)
    {
        var oldPodsCount = oldRss.Sum(r => J.L(r["spec"]?["replicas"]));
        if (oldPodsCount == 0)
        {
            return false;
        }

        var allPodsCount = all.Sum(r => J.L(r["spec"]?["replicas"]));
        var maxUnavailable = DeploymentMath.MaxUnavailable(d);
        var maxScaledDown = DeploymentMath.MaxScaledDown(allPodsCount, replicas, maxUnavailable, J.L(newRs["spec"]?["replicas"]), J.L(newRs["status"]?["availableReplicas"]));
        if (maxScaledDown <= 0)
        {
            return false;
        }

        var oldest = oldRss.OrderBy(r => J.S(r["metadata"]?["creationTimestamp"]), StringComparer.Ordinal).ToList();
        var changed = false;
        var cleaned = 0L;
        foreach (var rs in oldest)
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var specReplicas = J.L(rs["spec"]?["replicas"]);
            var available = J.L(rs["status"]?["availableReplicas"]);
            if (specReplicas == 0 || specReplicas == available)
            {
                continue;
            }

            var scaleDown = Math.Min(maxScaledDown - cleaned, specReplicas - available);
            ScaleReplicaSet(rs, specReplicas - scaleDown, d);
            cleaned += scaleDown;
            changed = true;
        }

        if (changed)
        {
            // The next pass scales down available old pods from the fresh state.
            return true;
        }

        var minAvailable = replicas - maxUnavailable;
        var availablePodCount = all.Sum(r => J.L(r["status"]?["availableReplicas"]));
        if (availablePodCount > minAvailable)
        {
            var total = availablePodCount - minAvailable;
            var done = 0L;
            foreach (var rs in oldest)
            {
                if (done >= total)
                {
                    break;
                }

                var specReplicas = J.L(rs["spec"]?["replicas"]);
                if (specReplicas == 0)
                {
                    continue;
                }

                var scaleDown = Math.Min(specReplicas, total - done);
                ScaleReplicaSet(rs, specReplicas - scaleDown, d);
                done += scaleDown;
                changed = true;
            }
        }

        return changed;
    }

    private void CreateNewReplicaSet(JsonObject d, List<JsonObject> oldRss, long replicas, JsonObject status, DateTimeOffset now)
    {
        var ns = J.Ns(d);
        var spec = (JsonObject)d["spec"]!;
        var collisionCount = J.L(status["collisionCount"]);
        var template = (JsonObject)spec["template"]!.DeepClone();
        var hash = J.ComputeHash(J.TemplateWithoutHash(template), collisionCount);
        var tmplMeta = J.Obj(template, "metadata");
        J.Obj(tmplMeta, "labels")["pod-template-hash"] = hash;
        var selector = (JsonObject)spec["selector"]!.DeepClone();
        J.Obj(selector, "matchLabels")["pod-template-hash"] = hash;
        var name = J.Name(d) + "-" + hash;
        var annotations = CopyAnnotations(d);
        annotations[RevisionAnnotation] = (MaxRevision(oldRss) + 1).ToString(CultureInfo.InvariantCulture);
        annotations[DesiredReplicasAnnotation] = J.L(spec["replicas"], 1).ToString(CultureInfo.InvariantCulture);
        annotations[MaxReplicasAnnotation] = (J.L(spec["replicas"], 1) + DeploymentMath.MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
        var rs = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = tmplMeta["labels"]!.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = J.OwnerRef(d, ResourceTypes.Deployments),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["minReadySeconds"] = J.L(spec["minReadySeconds"]),
                ["selector"] = selector,
                ["template"] = template,
            },
        };
        if (J.L(spec["minReadySeconds"]) == 0)
        {
            ((JsonObject)rs["spec"]!).Remove("minReadySeconds");
        }

        try
        {
            store.Create("replicasets", ns, rs);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            // Hash collision with a ReplicaSet of another template: bump collisionCount (getNewReplicaSet).
            var existing = store.Get("replicasets", ns, name);
            if (existing is not null && !J.EqualIgnoreHash(existing["spec"]?["template"], spec["template"]))
            {
                status["collisionCount"] = collisionCount + 1;
                d["status"] = status;
                store.UpdateStatus("deployments", ns, d);
            }

            return;
        }

        // getNewReplicaSet: Progressing=True NewReplicaSetCreated, and the Deployment's revision annotation.
        var fresh = store.Get("deployments", ns, J.Name(d));
        if (fresh is null)
        {
            return;
        }

        var freshAnn = J.Obj(J.Obj(fresh, "metadata"), "annotations");
        if (J.S(freshAnn[RevisionAnnotation]) != J.S(annotations[RevisionAnnotation]))
        {
            freshAnn[RevisionAnnotation] = annotations[RevisionAnnotation]!.DeepClone();
            fresh = store.Update("deployments", ns, fresh);
        }

        var st = fresh["status"] as JsonObject ?? [];
        J.SetCondition(st, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{name}\"", now);
        fresh["status"] = st;
        store.UpdateStatus("deployments", ns, fresh);
    }

    // getNewReplicaSet for an existing new ReplicaSet: give it the next revision (this is how a rollback to an
    // old template gets a new revision number), copy annotations, and mirror the revision on the Deployment.
    private bool SyncRevision(JsonObject d, JsonObject newRs, List<JsonObject> oldRss)
    {
        var ns = J.Ns(d);
        var newRevision = MaxRevision(oldRss) + 1;
        var rsAnn = J.Obj(J.Obj(newRs, "metadata"), "annotations");
        var changed = false;
        var current = long.TryParse(J.S(rsAnn[RevisionAnnotation]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;
        if (current < newRevision)
        {
            if (current > 0)
            {
                var history = J.S(rsAnn[RevisionHistoryAnnotation]);
                rsAnn[RevisionHistoryAnnotation] = string.IsNullOrEmpty(history) ? current.ToString(CultureInfo.InvariantCulture) : history + "," + current.ToString(CultureInfo.InvariantCulture);
            }

            rsAnn[RevisionAnnotation] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
        }

        foreach (var (k, v) in CopyAnnotations(d))
        {
            if (J.S(rsAnn[k]) != J.S(v))
            {
                rsAnn[k] = v?.DeepClone();
                changed = true;
            }
        }

        if (changed)
        {
            store.Update("replicasets", ns, newRs);
            return true;
        }

        var dAnn = J.Obj(J.Obj(d, "metadata"), "annotations");
        if (J.S(dAnn[RevisionAnnotation]) != J.S(rsAnn[RevisionAnnotation]))
        {
            dAnn[RevisionAnnotation] = rsAnn[RevisionAnnotation]!.DeepClone();
            store.Update("deployments", ns, d);
            return true;
        }

        return false;
    }

    private bool FoundNewReplicaSetCondition(JsonObject d, JsonObject newRs, JsonObject status, DateTimeOffset now)
    {
        if (J.Condition(status, "Progressing") is not null)
        {
            return false;
        }

        J.SetCondition(status, "Progressing", "True", "FoundNewReplicaSet", $"Found new replica set \"{J.Name(newRs)}\"", now);
        d["status"] = status;
        store.UpdateStatus("deployments", J.Ns(d), d);
        return true;
    }

    // sync.go checkPausedConditions.
    private bool CheckPausedConditions(JsonObject d, JsonObject status, DateTimeOffset now)
    {
        var cond = J.Condition(status, "Progressing");
        if (cond is not null && J.S(cond["reason"]) == "ProgressDeadlineExceeded")
        {
            return false;
        }

        var paused = J.B(d["spec"]?["paused"]);
        var pausedCond = cond is not null && J.S(cond["reason"]) == "DeploymentPaused";
        if (paused && !pausedCond)
        {
            J.SetCondition(status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now);
        }
        else if (!paused && pausedCond)
        {
            J.SetCondition(status, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", now);
        }
        else
        {
            return false;
        }

        d["status"] = status;
        store.UpdateStatus("deployments", J.Ns(d), d);
        return true;
    }

    // sync.go cleanupDeployment: keep at most revisionHistoryLimit old ReplicaSets that are scaled to zero.
    private void CleanupDeployment(JsonObject d, List<JsonObject> oldRss)
    {
        var limit = J.L(d["spec"]?["revisionHistoryLimit"], 10);
        var cleanable = oldRss.Where(r => J.L(r["spec"]?["replicas"]) == 0 && J.L(r["status"]?["replicas"]) == 0 &&
                                          J.L(r["metadata"]?["generation"]) <= J.L(r["status"]?["observedGeneration"]))
            .OrderBy(Revision).ToList();
        var diff = cleanable.Count - limit;
        for (var i = 0; i < diff; i++)
        {
            store.Delete("replicasets", J.Ns(d), J.Name(cleanable[i]));
        }
    }

    // progress.go syncRolloutStatus.
    private void SyncRolloutStatus(JsonObject d, List<JsonObject> all, JsonObject? newRs, JsonObject oldStatus, DateTimeOffset now)
    {
        var newStatus = CalculateStatus(all, newRs, d, oldStatus, now);
        var spec = (JsonObject)d["spec"]!;
        var hasDeadline = spec["progressDeadlineSeconds"] is not null && J.L(spec["progressDeadlineSeconds"]) != int.MaxValue;
        if (!hasDeadline)
        {
            J.RemoveCondition(newStatus, "Progressing");
        }

        var current = J.Condition(oldStatus, "Progressing");
        var isComplete = J.L(newStatus["replicas"]) == J.L(newStatus["updatedReplicas"]) && current is not null && J.S(current["reason"]) == "NewReplicaSetAvailable";
        if (hasDeadline && !isComplete)
        {
            var replicas = J.L(spec["replicas"], 1);
            var rsName = newRs is null ? null : J.Name(newRs);
            if (DeploymentMath.Complete(replicas, J.L(d["metadata"]?["generation"]), newStatus))
            {
                J.SetCondition(newStatus, "Progressing", "True", "NewReplicaSetAvailable",
                    rsName is null ? $"Deployment \"{J.Name(d)}\" has successfully progressed." : $"ReplicaSet \"{rsName}\" has successfully progressed.", now);
            }
            else if (DeploymentMath.Progressing(oldStatus, newStatus))
            {
                // The Progressing condition is refreshed (lastUpdateTime) on every progress, keeping lastTransitionTime.
                var transition = current is not null && J.S(current["status"]) == "True" ? current["lastTransitionTime"]?.DeepClone() : null;
                J.RemoveCondition(newStatus, "Progressing");
                J.SetCondition(newStatus, "Progressing", "True", "ReplicaSetUpdated",
                    rsName is null ? $"Deployment \"{J.Name(d)}\" is progressing." : $"ReplicaSet \"{rsName}\" is progressing.", now);
                if (transition is not null)
                {
                    J.Condition(newStatus, "Progressing")!["lastTransitionTime"] = transition;
                }
            }
            else if (DeploymentMath.TimedOut(J.Condition(newStatus, "Progressing"), J.L(spec["progressDeadlineSeconds"], 600), now))
            {
                J.SetCondition(newStatus, "Progressing", "False", "ProgressDeadlineExceeded",
                    rsName is null ? $"Deployment \"{J.Name(d)}\" has timed out progressing." : $"ReplicaSet \"{rsName}\" has timed out progressing.", now);
            }
        }

        WriteStatus(d, newStatus);
    }

    // sync.go calculateStatus; zero counters are omitted as the API types' omitempty does.
    private static JsonObject CalculateStatus(List<JsonObject> all, JsonObject? newRs, JsonObject d, JsonObject oldStatus, DateTimeOffset now)
    {
        var available = all.Sum(r => J.L(r["status"]?["availableReplicas"]));
        var total = all.Sum(r => J.L(r["spec"]?["replicas"]));
        var status = new JsonObject
        {
            ["observedGeneration"] = J.L(d["metadata"]?["generation"]),
            ["replicas"] = all.Sum(r => J.L(r["status"]?["replicas"])),
            ["updatedReplicas"] = newRs is null ? 0 : J.L(newRs["status"]?["replicas"]),
            ["readyReplicas"] = all.Sum(r => J.L(r["status"]?["readyReplicas"])),
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = Math.Max(0, total - available),
        };
        J.OmitZero(status, "observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas");
        if (oldStatus["collisionCount"] is { } cc)
        {
            status["collisionCount"] = cc.DeepClone();
        }

        if (oldStatus["conditions"] is JsonArray conds)
        {
            status["conditions"] = conds.DeepClone();
        }

        var replicas = J.L(d["spec"]?["replicas"], 1);
        if (available >= replicas - DeploymentMath.MaxUnavailable(d))
        {
            J.SetCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now);
        }
        else
        {
            J.SetCondition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);
        }

        // The API server keeps Available first, as the controller first adds it; order conditions for stable output.
        if (status["conditions"] is JsonArray arr)
        {
            var ordered = arr.OfType<JsonObject>().OrderBy(c => J.S(c["type"]) == "Available" ? 0 : J.S(c["type"]) == "Progressing" ? 1 : 2).Select(c => c.DeepClone()).ToArray();
            status["conditions"] = new JsonArray(ordered);
        }

        return status;
    }

    private void WriteStatus(JsonObject d, JsonObject status)
    {
        if (JsonNode.DeepEquals(d["status"], status))
        {
            return;
        }

        d["status"] = status;
        store.UpdateStatus("deployments", J.Ns(d), d);
    }

    private void ScaleReplicaSet(JsonObject rs, long replicas, JsonObject d)
    {
        var ann = J.Obj(J.Obj(rs, "metadata"), "annotations");
        var desired = J.L(d["spec"]?["replicas"], 1);
        ann[DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture);
        ann[MaxReplicasAnnotation] = (desired + DeploymentMath.MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
        var copy = (JsonObject)rs.DeepClone();
        copy["spec"]!["replicas"] = replicas;
        store.Update("replicasets", J.Ns(rs), copy);
    }

    private static JsonObject CopyAnnotations(JsonObject d)
    {
        var result = new JsonObject();
        if (J.Annotations(d) is { } ann)
        {
            foreach (var (k, v) in ann)
            {
                if (!AnnotationsToSkip.Contains(k))
                {
                    result[k] = v?.DeepClone();
                }
            }
        }

        return result;
    }

    internal static long Revision(JsonObject rs) =>
        long.TryParse(J.Annotation(rs, RevisionAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    private static long MaxRevision(IEnumerable<JsonObject> rss) => rss.Select(Revision).DefaultIfEmpty(0).Max();
}
