using System.Globalization;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Http;

/// <summary>Discovery documents (/version, /api, /apis, APIResourceList) as the API server writes them.</summary>
internal static class Discovery
{
    private static readonly string[] StandardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version(string gitVersion)
    {
        var v = gitVersion.TrimStart('v').Split('.');
        return new JsonObject
        {
            ["major"] = v.Length > 0 ? v[0] : "1",
            ["minor"] = v.Length > 1 ? v[1] : "32",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.23.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    public static JsonObject ApiVersions(int port) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
        }),
    };

    public static JsonObject AppsGroup() => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = "apps",
        ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" }),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" },
    };

    public static JsonObject ApiGroupList()
    {
        var apps = AppsGroup();
        apps.Remove("kind");
        apps.Remove("apiVersion");
        return new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(apps),
        };
    }

    public static JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var t in ResourceTypes.Served.Where(t => t.Group == group && t.Version == version))
        {
            var r = new JsonObject
            {
                ["name"] = t.Resource,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Array(t == ResourceTypes.Namespaces ? ["create", "delete", "get", "list", "patch", "update", "watch"] : StandardVerbs),
            };
            if (t.ShortNames.Count > 0)
            {
                r["shortNames"] = Array(t.ShortNames);
            }

            if (t.Categories.Count > 0)
            {
                r["categories"] = Array(t.Categories);
            }

            resources.Add(r);
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Resource + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = Array(["get", "patch", "update"]),
                });
            }

            if (t.HasScale)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Resource + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = Array(["get", "patch", "update"]),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }

    private static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
}
