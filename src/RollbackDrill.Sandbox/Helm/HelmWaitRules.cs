using System.Globalization;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>
/// helm pkg/kube ready.go (ReadyChecker, used by `--wait`): when helm considers each kind of object ready.
/// Pure functions of object state; the emulator feeds them from the store.
/// </summary>
public static class HelmWaitRules
{
    /// <summary>helm deploymentReady: paused counts as ready; the new ReplicaSet must have observed its
    /// generation; the Deployment's observedGeneration must equal its generation; and the new ReplicaSet's
    /// readyReplicas ≥ spec.replicas − maxUnavailable.</summary>
    public static string? DeploymentNotReady(JsonObject deployment, JsonObject? newReplicaSet)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var name = Name(deployment);
        if (deployment["spec"]?["paused"]?.GetValue<bool>() == true)
        {
            return null;
        }

        if (newReplicaSet is null)
        {
            return $"Deployment is not ready: {Ns(deployment)}/{name}. 0 out of {Replicas(deployment)} expected pods are ready";
        }

        if (Long(newReplicaSet["status"]?["observedGeneration"]) < Long(newReplicaSet["metadata"]?["generation"]))
        {
            return $"ReplicaSet is not ready: {Ns(newReplicaSet)}/{Name(newReplicaSet)}. observedGeneration ({Long(newReplicaSet["status"]?["observedGeneration"])}) does not match spec generation ({Long(newReplicaSet["metadata"]?["generation"])}).";
        }

        if (Long(deployment["status"]?["observedGeneration"]) != Long(deployment["metadata"]?["generation"]))
        {
            return $"Deployment is not ready: {Ns(deployment)}/{name}. observedGeneration ({Long(deployment["status"]?["observedGeneration"])}) does not match spec generation ({Long(deployment["metadata"]?["generation"])}).";
        }

        var replicas = Replicas(deployment);
        var expectedReady = replicas - MaxUnavailable(deployment);
        var ready = Long(newReplicaSet["status"]?["readyReplicas"]);
        if (ready < expectedReady)
        {
            return $"Deployment is not ready: {Ns(deployment)}/{name}. {ready} out of {expectedReady} expected pods are ready";
        }

        return null;
    }

    /// <summary>helm statefulSetReady (RollingUpdate): observedGeneration current; updatedReplicas ≥ replicas −
    /// partition; readyReplicas == replicas; with partition 0, currentRevision == updateRevision.</summary>
    public static string? StatefulSetNotReady(JsonObject sts)
    {
        ArgumentNullException.ThrowIfNull(sts);
        var name = $"{Ns(sts)}/{Name(sts)}";
        if (Long(sts["status"]?["observedGeneration"]) < Long(sts["metadata"]?["generation"]))
        {
            return $"StatefulSet is not ready: {name}. update has not yet been observed";
        }

        if (sts["spec"]?["updateStrategy"]?["type"]?.GetValue<string>() == "OnDelete")
        {
            return null;
        }

        var replicas = Replicas(sts);
        var partition = Long(sts["spec"]?["updateStrategy"]?["rollingUpdate"]?["partition"]);
        var expected = replicas - partition;
        var updated = Long(sts["status"]?["updatedReplicas"]);
        if (updated < expected)
        {
            return $"StatefulSet is not ready: {name}. {updated} out of {expected} expected pods have been scheduled";
        }

        var ready = Long(sts["status"]?["readyReplicas"]);
        if (ready != replicas)
        {
            return $"StatefulSet is not ready: {name}. {ready} out of {replicas} expected pods are ready";
        }

        var current = sts["status"]?["currentRevision"]?.GetValue<string>();
        var update = sts["status"]?["updateRevision"]?.GetValue<string>();
        if (partition == 0 && current != update)
        {
            return $"StatefulSet is not ready: {name}. currentRevision {current} does not yet match updateRevision {update}";
        }

        return null;
    }

    /// <summary>helm daemonSetReady (RollingUpdate): observedGeneration current; updatedNumberScheduled ==
    /// desiredNumberScheduled; numberReady ≥ desired − maxUnavailable.</summary>
    public static string? DaemonSetNotReady(JsonObject ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var name = $"{Ns(ds)}/{Name(ds)}";
        if (Long(ds["status"]?["observedGeneration"]) < Long(ds["metadata"]?["generation"]))
        {
            return $"DaemonSet is not ready: {name}. update has not yet been observed";
        }

        if (ds["spec"]?["updateStrategy"]?["type"]?.GetValue<string>() == "OnDelete")
        {
            return null;
        }

        var desired = Long(ds["status"]?["desiredNumberScheduled"]);
        var updated = Long(ds["status"]?["updatedNumberScheduled"]);
        if (updated != desired)
        {
            return $"DaemonSet is not ready: {name}. {updated} out of {desired} expected pods have been scheduled";
        }

        var maxUnavailable = ResolveIntOrPercent(ds["spec"]?["updateStrategy"]?["rollingUpdate"]?["maxUnavailable"], desired, roundUp: true, defaultValue: 1);
        var expectedReady = desired - maxUnavailable;
        var ready = Long(ds["status"]?["numberReady"]);
        if (ready < expectedReady)
        {
            return $"DaemonSet is not ready: {name}. {ready} out of {expectedReady} expected pods are ready";
        }

        return null;
    }

    /// <summary>deploymentutil.MaxUnavailable: 0 unless RollingUpdate with replicas &gt; 0; maxSurge rounds up,
    /// maxUnavailable down (defaults 25%/25%); both 0 → maxUnavailable 1; capped at replicas.</summary>
    public static long MaxUnavailable(JsonObject deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var replicas = Replicas(deployment);
        var strategy = deployment["spec"]?["strategy"];
        var type = strategy?["type"]?.GetValue<string>() ?? "RollingUpdate";
        if (type != "RollingUpdate" || replicas == 0)
        {
            return 0;
        }

        var surge = ResolveIntOrPercent(strategy?["rollingUpdate"]?["maxSurge"], replicas, roundUp: true, defaultValue: null);
        var unavailable = ResolveIntOrPercent(strategy?["rollingUpdate"]?["maxUnavailable"], replicas, roundUp: false, defaultValue: null);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return Math.Min(unavailable, replicas);
    }

    /// <summary>deploymentutil.GetNewReplicaSet: the owned ReplicaSet whose pod template equals the Deployment's
    /// (ignoring the pod-template-hash label).</summary>
    public static JsonObject? FindNewReplicaSet(JsonObject deployment, IEnumerable<JsonObject> replicaSets)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(replicaSets);
        var uid = deployment["metadata"]?["uid"]?.GetValue<string>();
        var template = WithoutHash(deployment["spec"]?["template"]);
        JsonObject? byRevision = null;
        var depRevision = deployment["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.GetValue<string>();
        foreach (var rs in replicaSets)
        {
            var owned = rs["metadata"]?["ownerReferences"] is JsonArray refs &&
                refs.Any(r => r?["uid"]?.GetValue<string>() == uid);
            if (!owned)
            {
                continue;
            }

            if (JsonNode.DeepEquals(template, WithoutHash(rs["spec"]?["template"])))
            {
                return rs;
            }

            if (depRevision is not null && rs["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.GetValue<string>() == depRevision)
            {
                byRevision = rs;
            }
        }

        return byRevision;
    }

    private static JsonNode? WithoutHash(JsonNode? template)
    {
        if (template is null)
        {
            return null;
        }

        var copy = template.DeepClone();
        (copy["metadata"]?["labels"] as JsonObject)?.Remove("pod-template-hash");
        return copy;
    }

    internal static long ResolveIntOrPercent(JsonNode? value, long total, bool roundUp, long? defaultValue)
    {
        if (value is null)
        {
            if (defaultValue is { } d)
            {
                return d;
            }

            value = JsonValue.Create("25%");
        }

        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (s.EndsWith('%') && double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct))
            {
                var exact = pct * total / 100.0;
                return (long)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
            }

            return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return Long(value);
    }

    internal static long Replicas(JsonObject o) => o["spec"]?["replicas"] is { } r ? Long(r) : 1;

    internal static long Long(JsonNode? n)
    {
        if (n is JsonValue v)
        {
            if (v.TryGetValue<long>(out var l))
            {
                return l;
            }

            if (v.TryGetValue<int>(out var i))
            {
                return i;
            }

            if (v.TryGetValue<double>(out var d))
            {
                return (long)d;
            }
        }

        return 0;
    }

    private static string Name(JsonObject o) => o["metadata"]?["name"]?.GetValue<string>() ?? "";

    private static string Ns(JsonObject o) => o["metadata"]?["namespace"]?.GetValue<string>() ?? "";
}
