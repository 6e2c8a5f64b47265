using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>The deployment controller's arithmetic (pkg/controller/deployment/util), as pure functions.</summary>
internal static class DeploymentMath
{
    /// <summary>
    /// deployment util ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down; both zero means
    /// maxUnavailable 1.
    /// </summary>
    public static (long MaxSurge, long MaxUnavailable) ResolveFenceposts(JsonNode? maxSurge, JsonNode? maxUnavailable, long desired)
    {
        var surge = J.ScaledValue(maxSurge ?? JsonValue.Create("25%"), desired, roundUp: true, 0);
        var unavailable = J.ScaledValue(maxUnavailable ?? JsonValue.Create("25%"), desired, roundUp: false, 0);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    /// <summary>deployment util MaxUnavailable: 0 for Recreate or zero replicas; never above replicas.</summary>
    public static long MaxUnavailable(JsonObject deployment)
    {
        var spec = deployment["spec"] as JsonObject;
        var replicas = J.L(spec?["replicas"], 1);
        if (J.S(spec?["strategy"]?["type"]) != "RollingUpdate" || replicas == 0)
        {
            return 0;
        }

        var (_, maxUnavailable) = ResolveFenceposts(spec?["strategy"]?["rollingUpdate"]?["maxSurge"], spec?["strategy"]?["rollingUpdate"]?["maxUnavailable"], replicas);
        return Math.Min(maxUnavailable, replicas);
    }

    /// <summary>deployment util MaxSurge: 0 for Recreate.</summary>
    public static long MaxSurge(JsonObject deployment)
    {
        var spec = deployment["spec"] as JsonObject;
        if (J.S(spec?["strategy"]?["type"]) != "RollingUpdate")
        {
            return 0;
        }

        var (maxSurge, _) = ResolveFenceposts(spec?["strategy"]?["rollingUpdate"]?["maxSurge"], spec?["strategy"]?["rollingUpdate"]?["maxUnavailable"], J.L(spec?["replicas"], 1));
        return maxSurge;
    }

    /// <summary>
    /// deployment util NewRSNewReplicas (RollingUpdate): scale the new ReplicaSet up to at most
    /// replicas + maxSurge pods in total, and never above the desired replicas.
    /// </summary>
    public static long NewRSNewReplicas(long desired, long maxSurge, long currentPodCount, long newRSReplicas)
    {
        var maxTotalPods = desired + maxSurge;
        if (currentPodCount >= maxTotalPods)
        {
            return newRSReplicas;
        }

        var scaleUpCount = Math.Min(maxTotalPods - currentPodCount, desired - newRSReplicas);
        return newRSReplicas + scaleUpCount;
    }

    /// <summary>
    /// rolling.go reconcileOldReplicaSets: how many old pods may be scaled down now:
    /// allPods - (replicas - maxUnavailable) - unavailable pods of the new ReplicaSet.
    /// </summary>
    public static long MaxScaledDown(long allPodsCount, long desired, long maxUnavailable, long newRSReplicas, long newRSAvailable) =>
        allPodsCount - (desired - maxUnavailable) - (newRSReplicas - newRSAvailable);

    /// <summary>deployment util DeploymentComplete.</summary>
    public static bool Complete(long desired, long generation, JsonObject? status) =>
        J.L(status?["updatedReplicas"]) == desired &&
        J.L(status?["replicas"]) == desired &&
        J.L(status?["availableReplicas"]) == desired &&
        J.L(status?["observedGeneration"]) >= generation;

    /// <summary>deployment util DeploymentProgressing: any counter moved the right way.</summary>
    public static bool Progressing(JsonObject? oldStatus, JsonObject newStatus)
    {
        var oldOld = J.L(oldStatus?["replicas"]) - J.L(oldStatus?["updatedReplicas"]);
        var newOld = J.L(newStatus["replicas"]) - J.L(newStatus["updatedReplicas"]);
        return J.L(newStatus["updatedReplicas"]) > J.L(oldStatus?["updatedReplicas"]) ||
               newOld < oldOld ||
               J.L(newStatus["readyReplicas"]) > J.L(oldStatus?["readyReplicas"]) ||
               J.L(newStatus["availableReplicas"]) > J.L(oldStatus?["availableReplicas"]);
    }

    /// <summary>deployment util DeploymentTimedOut: no progress for progressDeadlineSeconds since lastUpdateTime.</summary>
    public static bool TimedOut(JsonObject? progressing, long progressDeadlineSeconds, DateTimeOffset now)
    {
        if (progressing is null)
        {
            return false;
        }

        switch (J.S(progressing["reason"]))
        {
            case "NewReplicaSetAvailable":
                return false;
            case "ProgressDeadlineExceeded":
                return true;
        }

        var from = J.ParseTime(progressing["lastUpdateTime"]);
        return from is { } f && f.AddSeconds(progressDeadlineSeconds) < now;
    }
}
