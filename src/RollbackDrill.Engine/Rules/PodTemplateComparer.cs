using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// kubectl deploymentutil equalIgnoreHash: two pod templates are equal ignoring the pod-template-hash label, with
/// apimachinery's semantic equality (nil and empty slices/maps are equal). Compared on the JSON form with object keys
/// sorted and null/empty values dropped. Quantities are compared as strings (the API server stores canonical forms).
/// </summary>
public static class PodTemplateComparer
{
    /// <summary>apps/v1 DefaultDeploymentUniqueLabelKey.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";

    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) =>
        string.Equals(CanonicalWithoutHash(a), CanonicalWithoutHash(b), StringComparison.Ordinal);

    /// <summary>A copy of the template without the pod-template-hash label (labels dropped when that leaves none).</summary>
    public static V1PodTemplateSpec WithoutHash(V1PodTemplateSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var copy = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(template));
        if (copy.Metadata?.Labels is { } labels)
        {
            labels.Remove(PodTemplateHashLabel);
            if (labels.Count == 0)
            {
                copy.Metadata.Labels = null;
            }
        }

        return copy;
    }

    internal static string CanonicalWithoutHash(V1PodTemplateSpec? template)
    {
        if (template is null)
        {
            return "{}";
        }

        var node = JsonNode.Parse(KubernetesJson.Serialize(template));
        if (node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHashLabel);
        }

        return Canonical(node)?.ToJsonString() ?? "{}";
    }

    // Sorted keys; null, empty object and empty array dropped (semantic DeepEqual treats nil and empty alike).
    private static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var canonical = Canonical(value);
                    if (canonical is not null)
                    {
                        result[key] = canonical;
                    }
                }

                return result.Count == 0 ? null : result;
            }

            case JsonArray array:
            {
                var result = new JsonArray();
                foreach (var item in array)
                {
                    result.Add(Canonical(item) ?? new JsonObject());
                }

                return result.Count == 0 ? null : result;
            }

            default:
                return node.DeepClone();
        }
    }
}
