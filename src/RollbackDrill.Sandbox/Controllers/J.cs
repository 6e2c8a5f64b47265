using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>Small JSON accessors and object helpers shared by the controllers.</summary>
internal static class J
{
    public static long L(JsonNode? n, long fallback = 0)
    {
        if (n is not JsonValue v)
        {
            return fallback;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el))
        {
            return el;
        }

        return v.TryGetValue<double>(out var d) ? (long)d : fallback;
    }

    public static string? S(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool B(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject o)
        {
            return o;
        }

        o = [];
        parent[key] = o;
        return o;
    }

    public static string Name(JsonObject o) => S(o["metadata"]?["name"]) ?? "";

    public static string? Ns(JsonObject o) => S(o["metadata"]?["namespace"]);

    public static string Uid(JsonObject o) => S(o["metadata"]?["uid"]) ?? "";

    public static JsonObject? Labels(JsonObject o) => o["metadata"]?["labels"] as JsonObject;

    public static JsonObject? Annotations(JsonObject o) => o["metadata"]?["annotations"] as JsonObject;

    public static string? Annotation(JsonObject o, string key) => S(Annotations(o)?[key]);

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(JsonNode? n) =>
        S(n) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>The controller ownerReference's uid, or null.</summary>
    public static string? ControllerUid(JsonObject o) =>
        (o["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .Where(r => B(r["controller"])).Select(r => S(r["uid"])).FirstOrDefault();

    public static JsonArray OwnerRef(JsonObject owner, ResourceType type) => new(new JsonObject
    {
        ["apiVersion"] = type.ApiVersion,
        ["kind"] = type.Kind,
        ["name"] = Name(owner),
        ["uid"] = Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    });

    /// <summary>Objects controlled by the owner (ownerReference controller=true with its uid).</summary>
    public static List<JsonObject> Owned(IEnumerable<JsonObject> all, JsonObject owner)
    {
        var uid = Uid(owner);
        return all.Where(o => ControllerUid(o) == uid).ToList();
    }

    /// <summary>Removes zero/empty numeric fields, as Go's omitempty does for the given keys.</summary>
    public static void OmitZero(JsonObject status, params string[] keys)
    {
        foreach (var k in keys)
        {
            if (status[k] is JsonValue v && L(v) == 0 && v.GetValueKind() == JsonValueKind.Number)
            {
                status.Remove(k);
            }
        }
    }

    /// <summary>
    /// apimachinery intstr.GetScaledValueFromIntOrPercent: an int, or "N%" of total rounded up or down.
    /// </summary>
    public static long ScaledValue(JsonNode? value, long total, bool roundUp, long fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return L(value);
        }

        var s = S(value) ?? "";
        if (!s.EndsWith('%') || !long.TryParse(s[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pct))
        {
            return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var plain) ? plain : fallback;
        }

        return roundUp ? (long)Math.Ceiling(pct * total / 100.0) : (long)Math.Floor(pct * total / 100.0);
    }

    /// <summary>Parses a Go duration such as "2s", "500ms", "1m30s", "1.5s"; null when malformed.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        var i = 0;
        text = text.Trim();
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var num))
            {
                return null;
            }

            var us = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            total += text[us..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(num),
                "s" or "" => TimeSpan.FromSeconds(num),
                "m" => TimeSpan.FromMinutes(num),
                "h" => TimeSpan.FromHours(num),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero)
            {
                return null;
            }
        }

        return total;
    }

    /// <summary>
    /// The pod-template hash: FNV-32a over the template (+ collision count), rendered with
    /// apimachinery rand.SafeEncodeString (controller.ComputeHash). Our own serialization, so values differ
    /// from a real cluster's, but the shape (and stability for equal templates) is the same.
    /// </summary>
    public static string ComputeHash(JsonNode? template, long collisionCount = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(Canonical(template) + (collisionCount == 0 ? "" : collisionCount.ToString(CultureInfo.InvariantCulture)));
        uint hash = 2166136261;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619;
        }

        const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";
        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            sb.Append(Alphanums[c % Alphanums.Length]);
        }

        return sb.ToString();
    }

    /// <summary>JSON with object keys sorted, so equal objects give equal text.</summary>
    public static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();

        static void Write(JsonNode? n, StringBuilder sb)
        {
            switch (n)
            {
                case JsonObject o:
                    sb.Append('{');
                    var first = true;
                    // Null fields are skipped: the API server decodes into typed structs, where null equals absent.
                    foreach (var (k, v) in o.Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        if (!first)
                        {
                            sb.Append(',');
                        }

                        first = false;
                        sb.Append(JsonSerializer.Serialize(k)).Append(':');
                        Write(v, sb);
                    }

                    sb.Append('}');
                    break;
                case JsonArray a:
                    sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(',');
                        }

                        Write(a[i], sb);
                    }

                    sb.Append(']');
                    break;
                case null:
                    sb.Append("null");
                    break;
                default:
                    sb.Append(n.ToJsonString());
                    break;
            }
        }
    }

    /// <summary>A copy of the pod template without the pod-template-hash label (deployment util EqualIgnoreHash).</summary>
    public static JsonNode? TemplateWithoutHash(JsonNode? template)
    {
        var t = template?.DeepClone();
        if (t?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove("pod-template-hash");
            if (labels.Count == 0)
            {
                ((JsonObject)t["metadata"]!).Remove("labels");
            }
        }

        return t;
    }

    public static bool EqualIgnoreHash(JsonNode? a, JsonNode? b) =>
        Canonical(TemplateWithoutHash(a)) == Canonical(TemplateWithoutHash(b));

    /// <summary>Sets or replaces a status condition (deployment util SetDeploymentCondition semantics).</summary>
    public static void SetCondition(JsonObject status, string type, string condStatus, string reason, string message, DateTimeOffset now, bool withUpdateTime = true)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var current = conditions.OfType<JsonObject>().FirstOrDefault(c => S(c["type"]) == type);
        if (current is not null && S(current["status"]) == condStatus && S(current["reason"]) == reason)
        {
            return;
        }

        var transition = current is not null && S(current["status"]) == condStatus ? current["lastTransitionTime"]?.DeepClone() : Timestamp(now);
        if (current is not null)
        {
            conditions.Remove(current);
        }

        var c = new JsonObject { ["type"] = type, ["status"] = condStatus };
        if (withUpdateTime)
        {
            c["lastUpdateTime"] = Timestamp(now);
        }

        c["lastTransitionTime"] = transition;
        c["reason"] = reason;
        c["message"] = message;
        conditions.Add(c);
    }

    public static JsonObject? Condition(JsonObject? status, string type) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => S(c["type"]) == type);

    public static void RemoveCondition(JsonObject status, string type)
    {
        if (status["conditions"] is JsonArray conditions && conditions.OfType<JsonObject>().FirstOrDefault(c => S(c["type"]) == type) is { } c)
        {
            conditions.Remove(c);
        }
    }
}
