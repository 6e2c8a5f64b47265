using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// The fields that differ between two pod templates, as "path: old -> new" lines (lists of named items, such as
/// containers and env, matched by name). Used to show what an undo would change.
/// </summary>
public static class TemplateDiff
{
    public static IReadOnlyList<string> Compare(V1PodTemplateSpec? before, V1PodTemplateSpec? after)
    {
        var a = before is null ? null : JsonNode.Parse(KubernetesJson.Serialize(before));
        var b = after is null ? null : JsonNode.Parse(KubernetesJson.Serialize(after));
        var changes = new List<string>();
        Walk("template", a, b, changes);
        return changes;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<string> changes)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Walk($"{path}.{key}", oa[key], ob[key], changes);
            }

            return;
        }

        if (a is JsonArray la && b is JsonArray lb)
        {
            if (Named(la) && Named(lb))
            {
                var names = la.Select(NameOf).Union(lb.Select(NameOf)).ToList();
                foreach (var name in names)
                {
                    Walk($"{path}[name={name}]", la.FirstOrDefault(x => NameOf(x) == name), lb.FirstOrDefault(x => NameOf(x) == name), changes);
                }

                return;
            }

            for (var i = 0; i < Math.Max(la.Count, lb.Count); i++)
            {
                Walk($"{path}[{i}]", i < la.Count ? la[i] : null, i < lb.Count ? lb[i] : null, changes);
            }

            return;
        }

        if (!JsonNode.DeepEquals(a, b))
        {
            changes.Add($"{path}: {Show(a)} -> {Show(b)}");
        }
    }

    private static bool Named(JsonArray list) => list.Count > 0 && list.All(x => x is JsonObject o && o["name"] is JsonValue);

    private static string? NameOf(JsonNode? node) => node?["name"]?.ToString();

    private static string Show(JsonNode? node) => node switch
    {
        null => "(none)",
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };
}
