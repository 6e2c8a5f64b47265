using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Http;

/// <summary>
/// A minimal OpenAPI v3 surface: the /openapi/v3 index and one document per group/version whose PATCH
/// operations declare the fieldValidation query parameter. kubectl create/apply (cli-runtime
/// queryParamVerifierV3) then uses server-side field validation instead of downloading schemas.
/// The documents carry no schemas: `kubectl explain` is not supported.
/// </summary>
internal static class OpenApi
{
    public static JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var gv in ResourceTypes.Served.Select(t => t.ApiVersion).Distinct())
        {
            var key = gv.Contains('/') ? "apis/" + gv : "api/" + gv;
            paths[key] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + key + "?hash=sandbox" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(string group, string version)
    {
        var types = ResourceTypes.Served.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var t in types)
        {
            var prefix = (group.Length == 0 ? "/api/" + version : $"/apis/{group}/{version}") + (t.Namespaced ? "/namespaces/{namespace}/" : "/") + t.Resource + "/{name}";
            paths[prefix] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + t.Kind,
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
                    ["parameters"] = new JsonArray(
                        Param("dryRun"), Param("fieldManager"), Param("fieldValidation"), Param("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (RollbackDrill sandbox)", ["version"] = "v1" },
            ["paths"] = paths,
            ["components"] = new JsonObject(),
        };
    }

    private static JsonObject Param(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string" },
        ["uniqueItems"] = true,
    };
}
