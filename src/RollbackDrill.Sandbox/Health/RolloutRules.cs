using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;

namespace RollbackDrill.Sandbox.Health;

/// <summary>kubectl rollout status (pkg/polymorphichelpers/rollout_status.go) per kind, as pure functions:
/// null = rollout complete, else kubectl's waiting/failure message.</summary>
public static class RolloutRules
{
    public static string? NotComplete(JsonObject workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload["kind"]?.GetValue<string>() switch
        {
            "Deployment" => Deployment(workload),
            "StatefulSet" => StatefulSet(workload),
            "DaemonSet" => DaemonSet(workload),
            var k => $"unknown workload kind {k}",
        };
    }

    // kubectl rollout status (Deployment): generation observed; ProgressDeadlineExceeded is a failure;
    // updatedReplicas == spec.replicas; no old replicas; availableReplicas == updatedReplicas.
    public static string? Deployment(JsonObject d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var name = d["metadata"]?["name"]?.GetValue<string>();
        var status = d["status"];
        if (L(d["metadata"]?["generation"]) > L(status?["observedGeneration"]))
        {
            return "Waiting for deployment spec update to be observed...";
        }

        if (status?["conditions"] is JsonArray conds && conds.Any(c =>
                c?["type"]?.GetValue<string>() == "Progressing" && c["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded"))
        {
            return $"deployment \"{name}\" exceeded its progress deadline";
        }

        var replicas = d["spec"]?["replicas"] is { } r ? L(r) : 1;
        var updated = L(status?["updatedReplicas"]);
        if (updated < replicas)
        {
            return $"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated...";
        }

        var total = L(status?["replicas"]);
        if (total > updated)
        {
            return $"Waiting for deployment \"{name}\" rollout to finish: {total - updated} old replicas are pending termination...";
        }

        var available = L(status?["availableReplicas"]);
        if (available < updated)
        {
            return $"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...";
        }

        return null;
    }

    // kubectl rollout status (StatefulSet): observedGeneration; readyReplicas ≥ replicas; partition; revisions equal.
    public static string? StatefulSet(JsonObject s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var status = s["status"];
        if (L(status?["observedGeneration"]) == 0 || L(s["metadata"]?["generation"]) > L(status?["observedGeneration"]))
        {
            return "Waiting for statefulset spec update to be observed...";
        }

        var replicas = s["spec"]?["replicas"] is { } r ? L(r) : 1;
        var ready = L(status?["readyReplicas"]);
        if (ready < replicas)
        {
            return $"Waiting for {replicas - ready} pods to be ready...";
        }

        var partition = L(s["spec"]?["updateStrategy"]?["rollingUpdate"]?["partition"]);
        if (partition > 0)
        {
            var updated = L(status?["updatedReplicas"]);
            return updated < replicas - partition
                ? $"Waiting for partitioned roll out to finish: {updated} out of {replicas - partition} new pods have been updated..."
                : null;
        }

        var update = status?["updateRevision"]?.GetValue<string>();
        if (update != status?["currentRevision"]?.GetValue<string>())
        {
            return $"waiting for statefulset rolling update to complete {L(status?["updatedReplicas"])} pods at revision {update}...";
        }

        return null;
    }

    // kubectl rollout status (DaemonSet): generation observed; updatedNumberScheduled and numberAvailable == desired.
    public static string? DaemonSet(JsonObject d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var name = d["metadata"]?["name"]?.GetValue<string>();
        var status = d["status"];
        if (L(d["metadata"]?["generation"]) > L(status?["observedGeneration"]))
        {
            return "Waiting for daemon set spec update to be observed...";
        }

        var desired = L(status?["desiredNumberScheduled"]);
        var updated = L(status?["updatedNumberScheduled"]);
        if (updated < desired)
        {
            return $"Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated...";
        }

        var available = L(status?["numberAvailable"]);
        if (available < desired)
        {
            return $"Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available...";
        }

        return null;
    }

    private static long L(JsonNode? n) => HelmWaitRules.Long(n);
}
