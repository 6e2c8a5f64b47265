using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// kubectl rollout status's rules (kubectl pkg/polymorphichelpers/rollout_status.go StatusViewerFor), as pure
/// functions of one observed object state. One partial file per kind.
/// </summary>
public static partial class RolloutStatusRules
{
    /// <summary>
    /// kubectl StatusViewerFor: dispatches on the object's kind (apps/v1 or extensions/v1beta1 Deployment and
    /// DaemonSet, apps StatefulSet). Accepts a <see cref="JsonObject"/>/<see cref="JsonElement"/>/JSON text or a typed
    /// V1Deployment/V1StatefulSet/V1DaemonSet.
    /// </summary>
    public static RolloutState ForObject(object obj, long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(obj);
        switch (obj)
        {
            case V1Deployment d:
                return Deployment(d, revision);
            case V1StatefulSet s:
                return StatefulSet(s, revision);
            case V1DaemonSet ds:
                return DaemonSet(ds, revision);
            case JsonNode node:
                return ForJson(node, revision);
            case JsonElement element:
                return ForJson(JsonNode.Parse(element.GetRawText()), revision);
            case string text:
                return ForJson(ParseOrNull(text), revision);
            case IKubernetesObject ko:
                return Unsupported(ko.ApiVersion, ko.Kind, null, null);
            default:
                return Unsupported(null, obj.GetType().Name, null, null);
        }
    }

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RolloutState ForJson(JsonNode? node, long revision)
    {
        if (node is not JsonObject o)
        {
            return Unsupported(null, null, null, null);
        }

        var apiVersion = (o["apiVersion"] as JsonValue)?.TryGetValue<string>(out var av) == true ? av : null;
        var kind = (o["kind"] as JsonValue)?.TryGetValue<string>(out var k) == true ? k : null;
        var group = GroupOf(apiVersion);
        try
        {
            return (group, kind) switch
            {
                ("apps" or "extensions", "Deployment") => Deployment(KubernetesJson.Deserialize<V1Deployment>(o), revision),
                ("apps" or "extensions", "DaemonSet") => DaemonSet(KubernetesJson.Deserialize<V1DaemonSet>(o), revision),
                ("apps", "StatefulSet") => StatefulSet(KubernetesJson.Deserialize<V1StatefulSet>(o), revision),
                _ => Unsupported(apiVersion, kind, o["metadata"]?["namespace"]?.ToString(), o["metadata"]?["name"]?.ToString()),
            };
        }
        catch (JsonException ex)
        {
            // kubectl: "failed to convert %T to %T: %v"
            var name = o["metadata"]?["name"]?.ToString() ?? string.Empty;
            var ns = o["metadata"]?["namespace"]?.ToString() ?? string.Empty;
            return new RolloutState(kind ?? string.Empty, ns, name, false, true,
                $"failed to convert {kind} object: {ex.Message}", RolloutReason.UnsupportedKind, RolloutCounters.None);
        }
    }

    private static string? GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return null;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }

    // kubectl StatusViewerFor: "no status viewer has been implemented for %v" (a schema.GroupKind prints as Kind.group).
    private static RolloutState Unsupported(string? apiVersion, string? kind, string? ns, string? name)
    {
        var group = GroupOf(apiVersion);
        var groupKind = string.IsNullOrEmpty(group) ? (kind ?? string.Empty) : $"{kind}.{group}";
        return new RolloutState(kind ?? string.Empty, ns ?? string.Empty, name ?? string.Empty, false, true,
            $"no status viewer has been implemented for {groupKind}", RolloutReason.UnsupportedKind, RolloutCounters.None);
    }

    private static RolloutState State(string kind, V1ObjectMeta? meta, bool done, bool failed, string message, RolloutReason reason, RolloutCounters counters) =>
        new(kind, meta?.NamespaceProperty ?? string.Empty, meta?.Name ?? string.Empty, done, failed, message, reason, counters);

    // Go's %q on a Kubernetes name (DNS-1123: no characters needing escapes) is the name in double quotes.
    private static string Q(string? name) => "\"" + (name ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
