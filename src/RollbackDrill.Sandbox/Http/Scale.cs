using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Http;

/// <summary>The autoscaling/v1 Scale view of a workload (the /scale subresource).</summary>
internal static class Scale
{
    public static JsonObject FromObject(ResourceType type, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject ?? [];
        var m = new JsonObject();
        foreach (var k in (string[])["name", "namespace", "uid", "resourceVersion", "creationTimestamp"])
        {
            if (meta[k] is { } v)
            {
                m[k] = v.DeepClone();
            }
        }

        var selector = LabelSelector.FromJson(obj["spec"]?["selector"] as JsonObject)?.ToString() ?? "";
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = m,
            ["spec"] = (obj["spec"]?["replicas"]?.GetValue<long>() ?? 1) is var r && r == 0 ? new JsonObject() : new JsonObject { ["replicas"] = r },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"]?.GetValue<long>() ?? 0,
                ["selector"] = selector,
            },
        };
    }
}
