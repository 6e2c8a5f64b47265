using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>Pod helpers shared by the workload controllers (pkg/api/v1/pod, controller utils).</summary>
internal static class PodUtil
{
    /// <summary>controller.IsPodActive: not Succeeded/Failed and not being deleted.</summary>
    public static bool IsActive(JsonObject pod) =>
        J.S(pod["status"]?["phase"]) is not ("Succeeded" or "Failed") && pod["metadata"]?["deletionTimestamp"] is null;

    /// <summary>podutil.IsPodReady: the Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) => J.S(J.Condition(pod["status"] as JsonObject, "Ready")?["status"]) == "True";

    /// <summary>podutil.IsPodAvailable: ready for at least minReadySeconds.</summary>
    public static bool IsAvailable(JsonObject pod, long minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        if (minReadySeconds == 0)
        {
            return true;
        }

        var since = J.ParseTime(J.Condition(pod["status"] as JsonObject, "Ready")?["lastTransitionTime"]);
        return since is { } s && s.AddSeconds(minReadySeconds) < now;
    }

    public static bool HasLabels(JsonObject pod, JsonObject? labels) =>
        labels is null || labels.All(kv => J.S(J.Labels(pod)?[kv.Key]) == J.S(kv.Value));

    /// <summary>A new pod from the owner's spec.template (controller.GetPodFromTemplate).</summary>
    public static JsonObject FromTemplate(JsonObject owner, ResourceType ownerType, string generateName, string? name = null)
    {
        var template = owner["spec"]?["template"] as JsonObject ?? [];
        var meta = new JsonObject
        {
            ["namespace"] = J.Ns(owner),
            ["labels"] = template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
            ["ownerReferences"] = J.OwnerRef(owner, ownerType),
        };
        if (name is null)
        {
            meta["generateName"] = generateName;
            meta["name"] = generateName + ResourceStore.RandomSuffix(5);
        }
        else
        {
            meta["name"] = name;
        }

        if (template["metadata"]?["annotations"] is JsonObject ann)
        {
            meta["annotations"] = ann.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
