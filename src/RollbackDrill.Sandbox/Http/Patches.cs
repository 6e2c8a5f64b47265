using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Http;

/// <summary>
/// PATCH bodies: RFC 6902 JSON patch, RFC 7386 merge patch, and the subset of strategic merge patch the
/// sandbox's clients send (merge patch + lists merged by their patchMergeKey + the $patch directive;
/// $retainKeys / $setElementOrder / $deleteFromPrimitiveList directives are accepted and ignored).
/// </summary>
internal static class Patches
{
    // Strategic merge keys of the lists kubectl patches (k8s.io/api types' patchMergeKey tags).
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["tolerations"] = "key",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    public static JsonObject Apply(string contentType, JsonObject target, string patch, ResourceType? type)
    {
        _ = type;
        return contentType switch
        {
            "application/json-patch+json" => JsonPatch(target, JsonNode.Parse(patch) as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be a JSON array of operations")),
            "application/merge-patch+json" => (JsonObject)MergePatch(target, JsonNode.Parse(patch) ?? throw ApiException.BadRequest("empty merge patch"))!,
            "application/strategic-merge-patch+json" => (JsonObject)StrategicMerge(target, JsonNode.Parse(patch) ?? throw ApiException.BadRequest("empty strategic merge patch"), null)!,
            "application/apply-patch+yaml" or "application/apply-patch+json" => throw new ApiException(415, "UnsupportedMediaType", "server-side apply (application/apply-patch+yaml) is not supported by the sandbox API server"),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got \"{contentType}\")"),
        };
    }

    // RFC 7386.
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject po)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject to ? (JsonObject)to.DeepClone() : [];
        foreach (var (k, v) in po)
        {
            if (v is null)
            {
                result.Remove(k);
            }
            else
            {
                result[k] = MergePatch(result[k], v);
            }
        }

        return result;
    }

    // Strategic merge patch (k8s.io/apimachinery strategicpatch), the subset described above.
    public static JsonNode? StrategicMerge(JsonNode? target, JsonNode? patch, string? fieldName)
    {
        if (patch is JsonObject po)
        {
            if (po["$patch"]?.GetValue<string>() is { } directive)
            {
                switch (directive)
                {
                    case "replace":
                        var copy = (JsonObject)po.DeepClone();
                        copy.Remove("$patch");
                        return copy;
                    case "delete":
                        return null;
                }
            }

            var result = target is JsonObject to ? (JsonObject)to.DeepClone() : [];
            foreach (var (k, v) in po)
            {
                if (k.StartsWith('$') || k.StartsWith("$setElementOrder/", StringComparison.Ordinal) || k.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (v is null)
                {
                    result.Remove(k);
                    continue;
                }

                var merged = StrategicMerge(result[k], v, k);
                if (merged is null)
                {
                    result.Remove(k);
                }
                else
                {
                    result[k] = merged;
                }
            }

            return result;
        }

        if (patch is JsonArray pa && fieldName is not null && MergeKeys.TryGetValue(fieldName, out var key) && target is JsonArray ta)
        {
            var result = (JsonArray)ta.DeepClone();
            foreach (var item in pa)
            {
                if (item is not JsonObject io || io[key] is not { } keyValue)
                {
                    result.Add(item?.DeepClone());
                    continue;
                }

                var idx = -1;
                for (var i = 0; i < result.Count; i++)
                {
                    if (JsonNode.DeepEquals(result[i]?[key], keyValue))
                    {
                        idx = i;
                        break;
                    }
                }

                var isDelete = io["$patch"]?.GetValue<string>() == "delete";
                if (idx < 0)
                {
                    if (!isDelete)
                    {
                        var add = (JsonObject)io.DeepClone();
                        add.Remove("$patch");
                        result.Add(add);
                    }
                }
                else if (isDelete)
                {
                    result.RemoveAt(idx);
                }
                else
                {
                    var merged = StrategicMerge(result[idx], io, null);
                    result[idx] = merged;
                }
            }

            return result;
        }

        return patch?.DeepClone();
    }

    // RFC 6902.
    public static JsonObject JsonPatch(JsonObject target, JsonArray ops)
    {
        JsonNode doc = target.DeepClone();
        foreach (var opNode in ops)
        {
            if (opNode is not JsonObject op)
            {
                throw ApiException.BadRequest("a JSON patch operation must be an object");
            }

            var name = op["op"]?.GetValue<string>() ?? throw ApiException.BadRequest("JSON patch operation without \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw ApiException.BadRequest("JSON patch operation without \"path\"");
            switch (name)
            {
                case "add":
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    doc = Remove(doc, path, out _);
                    break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var from = op["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("move without \"from\"");
                    doc = Remove(doc, from, out var moved);
                    doc = Add(doc, path, moved);
                    break;
                case "copy":
                    var src = Resolve(doc, op["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("copy without \"from\""));
                    doc = Add(doc, path, src?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw ApiException.BadRequest($"Unexpected kind: {name}");
            }
        }

        return doc as JsonObject ?? throw ApiException.BadRequest("the JSON patch did not produce an object");
    }

    private static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw ApiException.BadRequest($"invalid JSON pointer \"{pointer}\"");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Resolve(JsonNode? doc, string pointer)
    {
        var node = doc;
        foreach (var t in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.ContainsKey(t) => o[t],
                JsonArray a when int.TryParse(t, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch: path {pointer} does not exist"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode doc, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? throw ApiException.BadRequest("cannot replace the whole document with null");
        }

        var parent = Resolve(doc, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch add operation does not apply: doc is missing path: \"{pointer}\"");
        }

        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        var parent = Resolve(doc, tokens.Length <= 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                removed = o[last];
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch remove operation does not apply: doc is missing path: \"{pointer}\"");
        }

        return doc;
    }

    private static string Escape(string t) => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
